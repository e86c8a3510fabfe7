package io.eventlens.core.analysis;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One step of a funnel's answer.
 *
 * @param step the step's position, from 1
 * @param type the step's event type
 * @param users users who reached the step
 * @param conversionFromPrevious {@code users} over the previous step's users (1 for step 1 with users; 0 over 0)
 * @param conversionFromFirst {@code users} over step 1's users (0 over 0)
 * @param medianSecondsToConvert median seconds from the previous step to this one; null for step 1 or no users
 */
public record FunnelStep(
        int step,
        String type,
        long users,
        double conversionFromPrevious,
        double conversionFromFirst,
        @Nullable Double medianSecondsToConvert) {

    /** The steps of one group from the users per step and the medians, deriving the conversions. */
    public static List<FunnelStep> of(List<EventSelector> steps, long[] users, @Nullable Double[] medians) {
        List<FunnelStep> result = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            long previous = i == 0 ? users[0] : users[i - 1];
            result.add(new FunnelStep(
                    i + 1,
                    steps.get(i).type(),
                    users[i],
                    ratio(users[i], previous),
                    ratio(users[i], users[0]),
                    i == 0 ? null : medians[i]));
        }
        return List.copyOf(result);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
