package io.eventlens.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Rows for a binary {@code COPY ... FROM STDIN}: the statement and its whole body, made before it runs (a seal
 * prepares its rows before it takes the rollup lock). Every value is in PostgreSQL's own binary form, so neither side
 * parses text: appending rollup rows by {@code unnest} of text arrays cost 14-18 µs a row in PostgreSQL and the
 * app's array escaping and base64 besides (pg_stat_statements and JFR under ingest).
 */
record CopyRows(String sql, byte[] body) implements RowWrite {

    /** A fresh buffer holding the body, for the driver (which releases it once sent). */
    ByteBuf buffer() {
        return Unpooled.wrappedBuffer(body);
    }

    /** Writes a body: {@link #row} before each row's values, {@link #rows} at the end. */
    static final class Builder {

        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
        /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
        private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

        private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

        private final ByteBuf out;

        Builder(int expectedBytes) {
            out = Unpooled.buffer(expectedBytes + 32);
            out.writeBytes(SIGNATURE).writeInt(0).writeInt(0); // no flags, no header extension
        }

        Builder row(int columns) {
            out.writeShort(columns);
            return this;
        }

        Builder text(@Nullable String value) {
            if (value == null) {
                return nul();
            }
            int lengthAt = out.writerIndex();
            out.writeInt(0);
            out.setInt(lengthAt, out.writeCharSequence(value, StandardCharsets.UTF_8));
            return this;
        }

        Builder bytes(byte[] value) {
            out.writeInt(value.length).writeBytes(value);
            return this;
        }

        Builder int4(@Nullable Integer value) {
            if (value == null) {
                return nul();
            }
            out.writeInt(4).writeInt(value);
            return this;
        }

        Builder int8(long value) {
            out.writeInt(8).writeLong(value);
            return this;
        }

        Builder float8(@Nullable Double value) {
            if (value == null) {
                return nul();
            }
            out.writeInt(8).writeDouble(value);
            return this;
        }

        Builder uuid(java.util.UUID value) {
            out.writeInt(16).writeLong(value.getMostSignificantBits()).writeLong(value.getLeastSignificantBits());
            return this;
        }

        Builder timestamptz(Instant value) {
            out.writeInt(8).writeLong(micros(value));
            return this;
        }

        /** jsonb's binary form: a version byte, then the JSON text. */
        Builder jsonb(byte[] json) {
            out.writeInt(1 + json.length).writeByte(1).writeBytes(json);
            return this;
        }

        /**
         * numeric's binary form: base-10000 digits with the weight of the first, a sign and the display scale
         * (PostgreSQL's {@code numeric_send}); the value and its scale come back as given.
         */
        Builder numeric(BigDecimal value) {
            int scale = Math.max(value.scale(), 0);
            BigInteger unscaled = value.setScale(scale).unscaledValue().abs();
            int padding = (4 - scale % 4) % 4; // the point must fall between two base-10000 digits
            String decimal = unscaled.multiply(BigInteger.TEN.pow(padding)).toString();
            int fractionGroups = (scale + padding) / 4;
            int groups = Math.max((decimal.length() + 3) / 4, fractionGroups + 1);
            decimal = "0".repeat(groups * 4 - decimal.length()) + decimal;
            int first = 0;
            int last = groups - 1;
            while (first <= last && Integer.parseInt(decimal, first * 4, first * 4 + 4, 10) == 0) {
                first++;
            }
            while (last >= first && Integer.parseInt(decimal, last * 4, last * 4 + 4, 10) == 0) {
                last--;
            }
            int digits = last - first + 1;
            int weight = digits == 0 ? 0 : groups - fractionGroups - 1 - first;
            out.writeInt(8 + 2 * digits)
                    .writeShort(digits)
                    .writeShort(weight)
                    .writeShort(value.signum() < 0 && digits > 0 ? 0x4000 : 0)
                    .writeShort(scale);
            for (int i = first; i <= last; i++) {
                out.writeShort(Integer.parseInt(decimal, i * 4, i * 4 + 4, 10));
            }
            return this;
        }

        Builder nul() {
            out.writeInt(-1);
            return this;
        }

        /** The statement with the body written so far, closed by the trailer. */
        CopyRows rows(String sql) {
            out.writeShort(-1);
            try {
                return new CopyRows(sql, ByteBufUtil.getBytes(out));
            } finally {
                out.release();
            }
        }

        /** The whole body as a buffer for the driver, closed by the trailer; the driver releases it. */
        ByteBuf buffer() {
            return out.writeShort(-1);
        }

        /**
         * Microseconds rounded as PostgreSQL rounds a timestamp's text ({@code rint} of the fraction, a double, times a
         * million), so an instant with nanoseconds is stored as the same value a query bound to it compares with.
         * Ingested events are already whole microseconds; a direct write of {@code Instant.now()} may not be.
         */
        static long micros(Instant instant) {
            long fraction = (long) Math.rint(instant.getNano() / 1e9 * 1e6);
            return Math.addExact(
                    Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L), fraction);
        }
    }
}
