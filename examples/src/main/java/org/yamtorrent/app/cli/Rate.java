package org.yamtorrent.app.cli;

import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

/**
 * A rate limit argument in bytes per second: a number, optionally with K, M or G (powers of 1024) as aria2c's
 * {@code --max-download-limit} takes it; 0 is unlimited.
 */
public final class Rate implements ITypeConverter<Long> {

    /** @throws IllegalArgumentException when {@code value} is not such a rate */
    public static long parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        int shift = v.endsWith("K") ? 10 : v.endsWith("M") ? 20 : v.endsWith("G") ? 30 : 0;
        long n;
        try {
            n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("not a rate in bytes per second (e.g. 4M, 512K, 0): " + value);
        }
        return n << shift;
    }

    @Override
    public Long convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
