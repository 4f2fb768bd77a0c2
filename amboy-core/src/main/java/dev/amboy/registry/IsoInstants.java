package dev.amboy.registry;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * ISO-8601 text of instants in the shape {@link Instant#toString()} writes, without the general
 * {@link java.time.format.DateTimeFormatter} machinery: every stored job carries several times, and
 * formatting and parsing them through the formatter was a fifth of a PostgreSQL worker's CPU.
 *
 * <p>{@link #format} writes exactly what {@link Instant#toString()} writes. {@link #parse} reads
 * exactly that shape (years 0000–9999, {@code Z}, no fraction or 1 to 9 digits of it) and answers
 * {@code null} for anything else, so that callers hand every other form to the general parser with
 * its error messages.
 */
final class IsoInstants {

  private static final long SECONDS_PER_DAY = 86_400;

  /** 0000-01-01T00:00:00Z. */
  private static final long FIRST_SECOND = -62_167_219_200L;

  /** 9999-12-31T23:59:59Z. */
  private static final long LAST_SECOND = 253_402_300_799L;

  private IsoInstants() {}

  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    int nanos = instant.getNano();
    char[] text = new char[30];
    digits(text, 0, date.getYear(), 4);
    text[4] = '-';
    digits(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    int end = 19;
    if (nanos > 0) {
      text[end++] = '.';
      if (nanos % 1_000_000 == 0) {
        digits(text, end, nanos / 1_000_000, 3);
        end += 3;
      } else if (nanos % 1_000 == 0) {
        digits(text, end, nanos / 1_000, 6);
        end += 6;
      } else {
        digits(text, end, nanos, 9);
        end += 9;
      }
    }
    text[end++] = 'Z';
    return new String(text, 0, end);
  }

  /**
   * The instant {@code text[offset, offset + length)} names, or {@code null} when the text is not
   * in the shape {@link #format} writes or names no valid date and time.
   */
  static Instant parse(char[] text, int offset, int length) {
    if (length < 20 || length > 30 || text[offset + length - 1] != 'Z') {
      return null;
    }
    int year = number(text, offset, 4);
    int month = number(text, offset + 5, 2);
    int day = number(text, offset + 8, 2);
    int hour = number(text, offset + 11, 2);
    int minute = number(text, offset + 14, 2);
    int second = number(text, offset + 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || text[offset + 4] != '-'
        || text[offset + 7] != '-'
        || text[offset + 10] != 'T'
        || text[offset + 13] != ':'
        || text[offset + 16] != ':'
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int nanos = 0;
    int fractionDigits = length - 21;
    if (fractionDigits >= 0) {
      nanos = fractionDigits == 0 ? -1 : number(text, offset + 20, fractionDigits);
      if (nanos < 0 || text[offset + 19] != '.') {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(
        epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
  }

  /** Writes {@code value} as exactly {@code count} decimal digits, zero-padded on the left. */
  private static void digits(char[] text, int offset, int value, int count) {
    for (int i = offset + count - 1; i >= offset; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The {@code count} decimal digits at {@code offset} as a number; -1 when one is no digit. */
  private static int number(char[] text, int offset, int count) {
    int value = 0;
    for (int i = offset; i < offset + count; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
