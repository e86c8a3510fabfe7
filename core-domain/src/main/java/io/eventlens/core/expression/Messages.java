package io.eventlens.core.expression;

import io.eventlens.core.EditDistance;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Shared wording of error messages: safe excerpts of user text and "did you mean" suggestions. */
final class Messages {

    private static final int EXCERPT_LENGTH = 40;

    private Messages() {}

    /** User text fit for a message: bounded, and invisible or control characters shown as U+XXXX. */
    static String excerpt(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (shown++ == EXCERPT_LENGTH) {
                out.append("...");
                break;
            }
            out.append(visible(cp) ? Character.toString(cp) : codePoint(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** A character as U+XXXX with its Unicode name where there is one: U+200B (ZERO WIDTH SPACE). */
    static String describeCharacter(int cp) {
        String name = Character.isValidCodePoint(cp) ? Character.getName(cp) : null;
        String code = codePoint(cp);
        if (visible(cp)) {
            return "'" + Character.toString(cp) + "' (" + code + ")";
        }
        return name == null ? code : code + " (" + name + ")";
    }

    private static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    private static boolean visible(int cp) {
        int type = Character.getType(cp);
        return !Character.isISOControl(cp)
                && !Character.isWhitespace(cp)
                && !Character.isSpaceChar(cp)
                && type != Character.FORMAT
                && type != Character.SURROGATE
                && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE;
    }

    /** The candidate a misspelt name most likely meant: same but for case, or at most two edits away. */
    static Optional<String> closest(String name, Collection<String> candidates) {
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(name)) {
                return Optional.of(candidate);
            }
        }
        if (name.length() > 64) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = EditDistance.between(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.min(2, Math.max(1, name.length() / 3));
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** "did you mean 'x'?" or the fallback. */
    static String didYouMean(String name, Collection<String> candidates, String otherwise) {
        return closest(name, candidates).map(c -> "did you mean '" + c + "'?").orElse(otherwise);
    }
}
