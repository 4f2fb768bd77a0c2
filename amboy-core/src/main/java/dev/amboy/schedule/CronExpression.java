package dev.amboy.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cron expression: the times of day, days and months a schedule fires.
 *
 * <p>Six fields, {@code second minute hour day-of-month month day-of-week}, as in Spring's {@code
 * CronExpression}; or the five-field Unix form without seconds (second 0). Each field is {@code *},
 * a value, a range {@code a-b}, a step <code>&#42;/n</code>, {@code a/n} or {@code a-b/n}, or a
 * comma-separated list of these. Months may be named {@code JAN}-{@code DEC} and days of the week
 * {@code SUN}-{@code SAT} (case-insensitive); Sunday is 0 or 7. {@code ?} means "any" in the two day
 * fields. The macros {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code
 * @daily} ({@code @midnight}) and {@code @hourly} stand for their usual expressions.
 *
 * <p>When both day fields are restricted, a day must match both (as in Spring; classic Unix cron
 * fires when either matches).
 *
 * <p>Times are local to a zone, and daylight-saving changes are handled so that nothing is lost or
 * doubled by accident:
 *
 * <ul>
 *   <li>a local time skipped when clocks go forward fires at the moment of the change (a daily 02:30
 *       run happens at 03:00 that day); several skipped times fire once;
 *   <li>when clocks go back, local times that occur twice fire on their first occurrence only,
 *       unless the hour field is {@code *} (or lists every hour): then the schedule keeps its pace
 *       through the repeated hour, so an every-five-minutes schedule does not pause for an hour.
 * </ul>
 *
 * <p>An expression that can never fire (such as {@code 0 0 0 30 2 *}) is rejected when parsed.
 * Instances are immutable and thread-safe.
 */
public final class CronExpression {

  /** Every combination of days, weekdays and months recurs within 400 Gregorian years. */
  private static final int SEARCH_YEARS = 401;

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 0 1 1 *",
          "@annually", "0 0 0 1 1 *",
          "@monthly", "0 0 0 1 * *",
          "@weekly", "0 0 0 * * 0",
          "@daily", "0 0 0 * * *",
          "@midnight", "0 0 0 * * *",
          "@hourly", "0 0 * * * *");

  private static final List<String> MONTH_NAMES =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAY_NAMES =
      List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** The fields, with their bounds and the allowed values an error message names. */
  enum Field {
    SECOND("second", 0, 59, "0-59"),
    MINUTE("minute", 0, 59, "0-59"),
    HOUR("hour", 0, 23, "0-23"),
    DAY_OF_MONTH("day-of-month", 1, 31, "1-31 or ?"),
    MONTH("month", 1, 12, "1-12 or JAN-DEC"),
    DAY_OF_WEEK("day-of-week", 0, 7, "0-7 (0 and 7 are Sunday), SUN-SAT or ?");

    private final String label;
    private final int min;
    private final int max;
    private final String allowed;

    Field(String label, int min, int max, String allowed) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.allowed = allowed;
    }
  }

  private final String expression;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;

  /** Days of the week, Sunday as 0. */
  private final BitSet daysOfWeek;

  private final boolean everyHour;

  private CronExpression(String expression, BitSet[] fields) {
    this.expression = expression;
    this.seconds = fields[0];
    this.minutes = fields[1];
    this.hours = fields[2];
    this.daysOfMonth = fields[3];
    this.months = fields[4];
    this.daysOfWeek = fields[5];
    this.everyHour = hours.cardinality() == 24;
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException naming the expression, the field and the values it allows, or
   *     saying that the expression never fires
   */
  public static CronExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException(
          "cron expression must not be blank but was "
              + (expression == null ? "null" : "'" + expression + "'"));
    }
    String trimmed = expression.trim();
    String fieldsText = trimmed;
    if (trimmed.startsWith("@")) {
      fieldsText = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
      if (fieldsText == null) {
        throw new IllegalArgumentException(
            "invalid cron expression '"
                + expression
                + "': unknown macro; use one of @yearly, @annually, @monthly, @weekly, @daily,"
                + " @midnight or @hourly");
      }
    }
    String[] parts = fieldsText.split("\\s+");
    if (parts.length != 5 && parts.length != 6) {
      throw new IllegalArgumentException(
          "invalid cron expression '"
              + expression
              + "': it has "
              + parts.length
              + " fields; use 6 (second minute hour day-of-month month day-of-week), 5 (the same"
              + " without second) or a macro such as @daily");
    }
    int offset = parts.length == 6 ? 0 : 1;
    Field[] order = Field.values();
    BitSet[] fields = new BitSet[order.length];
    if (offset == 1) {
      fields[0] = new BitSet(60);
      fields[0].set(0);
    }
    for (int i = offset; i < order.length; i++) {
      fields[i] = parseField(expression, order[i], parts[i - offset]);
    }
    CronExpression parsed = new CronExpression(trimmed, fields);
    LocalDateTime start = LocalDateTime.of(2000, 1, 1, 0, 0);
    if (parsed.firstMatch(start, start.plusYears(SEARCH_YEARS)) == null) {
      throw new IllegalArgumentException(
          "invalid cron expression '"
              + expression
              + "': it never fires, because no date matches its day-of-month, month and"
              + " day-of-week fields together");
    }
    return parsed;
  }

  private static BitSet parseField(String expression, Field field, String text) {
    BitSet values = new BitSet(field.max + 1);
    for (String item : text.split(",", -1)) {
      parseItem(expression, field, text, item, values);
    }
    if (field == Field.DAY_OF_WEEK && values.get(7)) {
      values.clear(7);
      values.set(0);
    }
    return values;
  }

  private static void parseItem(
      String expression, Field field, String text, String item, BitSet values) {
    if (item.isEmpty()) {
      throw fieldError(expression, field, text, "has an empty list item");
    }
    String range = item;
    int step = 1;
    boolean stepped = false;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      String stepText = item.substring(slash + 1);
      if (!stepText.matches("\\d{1,9}") || Integer.parseInt(stepText) < 1) {
        throw fieldError(
            expression, field, text, "has step '" + stepText + "', which must be a number >= 1");
      }
      step = Integer.parseInt(stepText);
      stepped = true;
    }
    int low;
    int high;
    if (range.equals("*") || range.equals("?")) {
      if (range.equals("?")
          && (stepped || (field != Field.DAY_OF_MONTH && field != Field.DAY_OF_WEEK))) {
        throw fieldError(
            expression,
            field,
            text,
            "uses '?', which is allowed only alone in day-of-month and day-of-week");
      }
      low = field.min;
      high = field == Field.DAY_OF_WEEK ? 6 : field.max;
    } else {
      int dash = range.indexOf('-');
      if (dash >= 0) {
        low = value(expression, field, text, range.substring(0, dash));
        high = value(expression, field, text, range.substring(dash + 1));
        if (field == Field.DAY_OF_WEEK && high == 0 && low > 0) {
          high = 7;
        }
        if (low > high) {
          throw fieldError(
              expression,
              field,
              text,
              "has range '" + range + "', whose start is after its end (ranges do not wrap)");
        }
      } else {
        low = value(expression, field, text, range);
        high = stepped ? field.max : low;
      }
    }
    for (int v = low; v <= high; v += step) {
      values.set(v);
    }
  }

  private static int value(String expression, Field field, String text, String value) {
    String upper = value.toUpperCase(Locale.ROOT);
    int named =
        field == Field.MONTH
            ? MONTH_NAMES.indexOf(upper) + 1
            : field == Field.DAY_OF_WEEK ? DAY_NAMES.indexOf(upper) : -1;
    if (field == Field.MONTH && named > 0 || field == Field.DAY_OF_WEEK && named >= 0) {
      return named;
    }
    if (!value.matches("\\d{1,9}")) {
      throw fieldError(expression, field, text, "has '" + value + "', which is not a value");
    }
    int number = Integer.parseInt(value);
    if (number < field.min || number > field.max) {
      throw fieldError(expression, field, text, "has " + number + ", which is out of range");
    }
    return number;
  }

  private static IllegalArgumentException fieldError(
      String expression, Field field, String text, String problem) {
    return new IllegalArgumentException(
        "invalid cron expression '"
            + expression
            + "': "
            + field.label
            + " field '"
            + text
            + "' "
            + problem
            + "; allowed are "
            + field.allowed
            + ", lists (a,b), ranges (a-b), steps (*/n, a/n, a-b/n) and *");
  }

  /**
   * The first time after {@code after} at which this expression fires, in {@code after}'s zone.
   *
   * @throws DateTimeException only near the end of the supported range of years
   */
  public ZonedDateTime next(ZonedDateTime after) {
    return next(after.toInstant(), after.getZone()).atZone(after.getZone());
  }

  /**
   * The first instant strictly after {@code after} at which this expression fires, reading its
   * fields as local times in {@code zone}.
   *
   * @throws DateTimeException only near the end of the supported range of years
   */
  public Instant next(Instant after, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    Instant from = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    LocalDateTime limit = LocalDateTime.ofInstant(from, ZoneOffset.UTC).plusYears(SEARCH_YEARS);
    while (true) {
      ZoneOffset offset = rules.getOffset(from);
      LocalDateTime localFrom = LocalDateTime.ofEpochSecond(from.getEpochSecond(), 0, offset);
      ZoneOffsetTransition previous = rules.previousTransition(from.plusNanos(1));
      if (previous != null) {
        if (previous.isGap()
            && previous.getInstant().equals(from)
            && firstMatch(previous.getDateTimeBefore(), previous.getDateTimeAfter()) != null) {
          return from;
        }
        if (previous.isOverlap()
            && !everyHour
            && localFrom.isBefore(previous.getDateTimeBefore())) {
          localFrom = previous.getDateTimeBefore();
        }
      }
      ZoneOffsetTransition next = rules.nextTransition(from);
      LocalDateTime localEnd =
          next == null || next.getDateTimeBefore().isAfter(limit)
              ? limit
              : next.getDateTimeBefore();
      LocalDateTime match = firstMatch(localFrom, localEnd);
      if (match != null) {
        return match.toInstant(offset);
      }
      if (localEnd.equals(limit)) {
        throw new DateTimeException(
            "cron expression '" + expression + "' has no time after " + after + " in " + zone);
      }
      from = next.getInstant();
    }
  }

  /** Whether the fields match a local date and time (its seconds included, nanos ignored). */
  boolean matches(LocalDateTime time) {
    return seconds.get(time.getSecond())
        && minutes.get(time.getMinute())
        && hours.get(time.getHour())
        && dayMatches(time.toLocalDate())
        && months.get(time.getMonthValue());
  }

  /** Whether the hour field covers every hour. */
  boolean everyHour() {
    return everyHour;
  }

  private boolean dayMatches(LocalDate date) {
    return daysOfMonth.get(date.getDayOfMonth())
        && daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
  }

  /**
   * The first local time in {@code [from, to)}, on a whole second, that matches every field, or
   * {@code null}. Jumps field by field rather than second by second.
   */
  private LocalDateTime firstMatch(LocalDateTime from, LocalDateTime to) {
    LocalDateTime t = from.getNano() == 0 ? from : from.withNano(0).plusSeconds(1);
    while (t.isBefore(to)) {
      int month = months.nextSetBit(t.getMonthValue());
      if (month != t.getMonthValue()) {
        t =
            month < 0
                ? LocalDate.of(t.getYear() + 1, months.nextSetBit(1), 1).atStartOfDay()
                : LocalDate.of(t.getYear(), month, 1).atStartOfDay();
        continue;
      }
      if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      int hour = hours.nextSetBit(t.getHour());
      if (hour != t.getHour()) {
        t = hour < 0 ? t.toLocalDate().plusDays(1).atStartOfDay() : t.toLocalDate().atTime(hour, 0);
        continue;
      }
      int minute = minutes.nextSetBit(t.getMinute());
      if (minute != t.getMinute()) {
        t =
            minute < 0
                ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1)
                : t.truncatedTo(ChronoUnit.HOURS).withMinute(minute);
        continue;
      }
      int second = seconds.nextSetBit(t.getSecond());
      if (second != t.getSecond()) {
        t = second < 0 ? t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1) : t.withSecond(second);
        continue;
      }
      return t;
    }
    return null;
  }

  /** The expression as written (trimmed). */
  @Override
  public String toString() {
    return expression;
  }

  /** Two expressions are equal when they fire at the same times. */
  @Override
  public boolean equals(Object other) {
    return other instanceof CronExpression that
        && seconds.equals(that.seconds)
        && minutes.equals(that.minutes)
        && hours.equals(that.hours)
        && daysOfMonth.equals(that.daysOfMonth)
        && months.equals(that.months)
        && daysOfWeek.equals(that.daysOfWeek);
  }

  @Override
  public int hashCode() {
    int hash = seconds.hashCode();
    for (BitSet field : new BitSet[] {minutes, hours, daysOfMonth, months, daysOfWeek}) {
      hash = 31 * hash + field.hashCode();
    }
    return hash;
  }
}
