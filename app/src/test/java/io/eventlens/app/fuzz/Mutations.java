package io.eventlens.app.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;

/** Breaks text the way hostile or buggy clients do: cuts, splices, repeats, odd characters and odd bytes. */
final class Mutations {

    /** Tokens that sit at the edges of parsers and validators. */
    private static final List<String> MAGIC = List.of(
            "null",
            "-1",
            "0",
            "-0",
            "1e309",
            "-1e309",
            "1e-400",
            "99999999999999999999999",
            "9223372036854775808",
            "NaN",
            "Infinity",
            "true",
            "false",
            "\"\"",
            "[]",
            "{}",
            "[[[[[[[[",
            "]]]]",
            "{{{{",
            "}}}}",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\\",
            "\"",
            "'",
            "`",
            ",",
            ":",
            "$",
            "$input",
            "@skip(if: true)",
            "@include(if: $x)",
            "...on Query",
            "... F",
            "fragment F on Query { __typename }",
            "__typename",
            "__schema { types { name } }",
            "\"\"\"block\"\"\"",
            "#comment\n",
            "query",
            "mutation",
            "subscription",
            "{ overview { events } }",
            "\u00e9",
            "\ud83d\ude00",
            "\uffff",
            "\u202e",
            "\t",
            "\r\n",
            "\u0000",
            "\u001b[31m",
            "%00",
            "%s%n",
            "../../etc/passwd",
            "<script>",
            "' OR 1=1 --",
            "DROP TABLE events;",
            "2026-02-30T25:61:61Z",
            "+999999999-12-31T23:59:59Z",
            "PT0S",
            "P-1D",
            "Europe/Nowhere",
            "EQ",
            "NOT_IN",
            "MINUTE",
            "properties.",
            "properties.\u0000");

    private static final String CHARACTERS = "{}[]():,\"\\!$@#.=|&*?-+_ abcxyzAZ0129\n\t\u0000\u0001\u007f\u00e9\u4e2d";

    private final RandomGenerator random;

    Mutations(RandomGenerator random) {
        this.random = random;
    }

    /** One to four edits of the text. */
    String mutate(String text) {
        String result = text;
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            result = edit(result);
        }
        return result;
    }

    /** The text's UTF-8 bytes, sometimes with bytes that are no UTF-8 at all. */
    byte[] bytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0 || random.nextInt(8) != 0) {
            return utf8;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = random.nextInt(utf8.length);
        out.write(utf8, 0, at);
        byte[][] odd = {
            {(byte) 0xff},
            {(byte) 0xc3},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xfe, (byte) 0xff},
            {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
            {(byte) 0xc0, (byte) 0x80}
        };
        out.writeBytes(odd[random.nextInt(odd.length)]);
        out.write(utf8, at, utf8.length - at);
        return out.toByteArray();
    }

    /** A random piece of text, often one of the magic tokens. */
    String token() {
        if (random.nextBoolean()) {
            return MAGIC.get(random.nextInt(MAGIC.size()));
        }
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
        }
        return text.toString();
    }

    private String edit(String text) {
        int length = text.length();
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        int span = length == 0 ? 0 : random.nextInt(Math.min(length - Math.min(at, length), 16) + 1);
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, at) + text.substring(Math.min(length, at + Math.max(1, span)));
            case 1, 2 -> text.substring(0, at) + token() + text.substring(at);
            case 3 -> text.substring(0, at) + token() + text.substring(Math.min(length, at + span));
            case 4 ->
                text.substring(0, at)
                        + text.substring(at, at + span).repeat(1 + random.nextInt(64))
                        + text.substring(at + span);
            case 5 -> text.substring(0, at);
            case 6 -> swap(text);
            default -> text.substring(0, at) + nested(1 + random.nextInt(600)) + text.substring(at);
        };
    }

    private String swap(String text) {
        if (text.length() < 4) {
            return text + text;
        }
        int a = random.nextInt(text.length() / 2);
        int b = text.length() / 2 + random.nextInt(text.length() / 2);
        return text.substring(0, a)
                + text.charAt(b)
                + text.substring(a + 1, b)
                + text.charAt(a)
                + text.substring(b + 1);
    }

    /** Deep nesting: what recursive parsers and validators choke on. */
    private String nested(int depth) {
        String open = switch (random.nextInt(3)) {
            case 0 -> "[";
            case 1 -> "{\"a\":";
            default -> "{ a ";
        };
        return open.repeat(depth);
    }
}
