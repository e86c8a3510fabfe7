package io.eventlens.core.query;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a request: a whole number and a unit, {@code "30s"}, {@code "5m"}, {@code "24h"},
 * {@code "7d"} (live-report ranges, alert windows and holds). Each caller says which units it takes and checks the
 * bounds that fit it.
 */
public final class DurationText {

    private static final Pattern TEXT = Pattern.compile("(0|[1-9][0-9]{0,5})([smhd]?)");

    private DurationText() {}

    /**
     * The duration {@code text} names, or empty when it is not a number followed by one of {@code units} (any of
     * {@code "smhd"}); a bare {@code 0} needs no unit.
     */
    public static Optional<Duration> parse(String text, String units) {
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2);
        if (unit.isEmpty()) {
            return amount == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        if (units.indexOf(unit.charAt(0)) < 0) {
            return Optional.empty();
        }
        return Optional.of(
                switch (unit) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
    }
}
