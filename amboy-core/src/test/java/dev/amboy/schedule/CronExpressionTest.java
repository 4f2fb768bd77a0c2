package dev.amboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

  /** The next {@code count} firing times after {@code start}, as ISO strings with offsets. */
  private static List<String> firings(String expression, String start, int count) {
    CronExpression cron = CronExpression.parse(expression);
    ZonedDateTime time = ZonedDateTime.parse(start);
    List<String> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      time = cron.next(time);
      result.add(time.toOffsetDateTime().toString());
    }
    return result;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * * * *           | 2026-01-01T00:00:00Z | 2026-01-01T00:00:01Z 2026-01-01T00:00:02Z",
        "*/15 * * * * *        | 2026-01-01T00:00:00Z | 2026-01-01T00:00:15Z 2026-01-01T00:00:30Z"
            + " 2026-01-01T00:00:45Z 2026-01-01T00:01Z",
        "5/20 * * * * *        | 2026-01-01T00:00:00Z | 2026-01-01T00:00:05Z 2026-01-01T00:00:25Z"
            + " 2026-01-01T00:00:45Z 2026-01-01T00:01:05Z",
        "0 10-30/10 * * * *    | 2026-01-01T00:00:00Z | 2026-01-01T00:10Z 2026-01-01T00:20Z"
            + " 2026-01-01T00:30Z 2026-01-01T01:10Z",
        "0 0 1,3,5-6 * * *     | 2026-01-01T00:00:00Z | 2026-01-01T01:00Z 2026-01-01T03:00Z"
            + " 2026-01-01T05:00Z 2026-01-01T06:00Z 2026-01-02T01:00Z",
        "*/5 * * * *           | 2026-01-01T00:03:30Z | 2026-01-01T00:05Z 2026-01-01T00:10Z",
        "0 0 9-17/4 * * MON-FRI | 2026-01-02T16:00:00Z | 2026-01-02T17:00Z 2026-01-05T09:00Z"
            + " 2026-01-05T13:00Z",
        "0 0 0 1 * *           | 2026-01-15T00:00:00Z | 2026-02-01T00:00Z 2026-03-01T00:00Z",
        "0 0 0 1 jan,Jul ?     | 2026-01-15T00:00:00Z | 2026-07-01T00:00Z 2027-01-01T00:00Z",
        "0 0 0 ? * SAT-SUN     | 2026-01-01T00:00:00Z | 2026-01-03T00:00Z 2026-01-04T00:00Z"
            + " 2026-01-10T00:00Z",
        "0 0 0 13 * FRI        | 2026-01-01T00:00:00Z | 2026-02-13T00:00Z 2026-03-13T00:00Z"
            + " 2026-11-13T00:00Z",
        "0 0 0 29 2 *          | 2026-01-01T00:00:00Z | 2028-02-29T00:00Z 2032-02-29T00:00Z",
        "0 0 0 31 * *          | 2026-01-31T00:00:00Z | 2026-03-31T00:00Z 2026-05-31T00:00Z",
        "0 0 12 * * 1/2        | 2026-01-01T00:00:00Z | 2026-01-02T12:00Z 2026-01-04T12:00Z"
            + " 2026-01-05T12:00Z 2026-01-07T12:00Z",
        "59 59 23 31 12 *      | 2026-06-01T00:00:00Z | 2026-12-31T23:59:59Z 2027-12-31T23:59:59Z",
        "@hourly               | 2026-01-01T00:30:00Z | 2026-01-01T01:00Z 2026-01-01T02:00Z",
        "@daily                | 2026-01-01T00:30:00Z | 2026-01-02T00:00Z",
        "@weekly               | 2026-01-01T00:30:00Z | 2026-01-04T00:00Z 2026-01-11T00:00Z",
        "@monthly              | 2026-01-01T00:30:00Z | 2026-02-01T00:00Z",
        "@YEARLY               | 2026-01-01T00:30:00Z | 2027-01-01T00:00Z",
        "0 30 9 * * *          | 2026-01-01T09:30:00+09:00[Asia/Tokyo] | 2026-01-02T09:30+09:00",
      })
  void nextFindsTheFollowingTimes(String expression, String start, String expected) {
    List<String> times = List.of(expected.trim().split(" "));
    assertThat(firings(expression.trim(), start.trim(), times.size())).isEqualTo(times);
  }

  @Test
  void sundayIsZeroSevenOrSunAndTheMacrosEqualTheirExpansions() {
    CronExpression sunday = CronExpression.parse("0 0 12 * * SUN");
    assertThat(CronExpression.parse("0 0 12 * * 0")).isEqualTo(sunday);
    assertThat(CronExpression.parse("0 0 12 * * 7")).isEqualTo(sunday);
    assertThat(CronExpression.parse("0 0 12 * * sun")).isEqualTo(sunday).hasSameHashCodeAs(sunday);
    assertThat(CronExpression.parse("0 0 12 * * 5-7"))
        .isEqualTo(CronExpression.parse("0 0 12 * * FRI,SAT,SUN"));
    assertThat(CronExpression.parse("0 0 12 * * *")).isNotEqualTo(sunday);
    assertThat(CronExpression.parse("@annually")).isEqualTo(CronExpression.parse("0 0 0 1 1 *"));
    assertThat(CronExpression.parse("@midnight")).isEqualTo(CronExpression.parse("0 0 * * *"));
    assertThat(CronExpression.parse("@weekly")).isEqualTo(CronExpression.parse("0 0 0 * * 0"));
    assertThat(CronExpression.parse("  */5 * * * *  ")).hasToString("*/5 * * * *");
  }

  @Test
  void nextIsStrictlyAfterItsArgument() {
    CronExpression everyMinute = CronExpression.parse("0 * * * * *");
    Instant onTheMinute = Instant.parse("2026-01-01T10:00:00Z");

    assertThat(everyMinute.next(onTheMinute, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
    assertThat(everyMinute.next(onTheMinute.minusNanos(1), ZoneOffset.UTC)).isEqualTo(onTheMinute);
    assertThat(everyMinute.next(onTheMinute.plusMillis(500), ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
  }

  @Test
  void aRareDateIsFoundYearsAhead() {
    CronExpression leapMonday = CronExpression.parse("0 0 0 29 FEB MON");
    LocalDate expected = LocalDate.of(2026, 1, 1);
    while (!(expected.getMonthValue() == 2
        && expected.getDayOfMonth() == 29
        && expected.getDayOfWeek() == DayOfWeek.MONDAY)) {
      expected = expected.plusDays(1);
    }

    assertThat(leapMonday.next(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
        .isEqualTo(expected.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 0 24 * * *      | hour field '24' has 24, which is out of range; allowed are 0-23",
        "60 * * * * *      | second field '60' has 60, which is out of range; allowed are 0-59",
        "0 60 * * * *      | minute field '60' has 60, which is out of range; allowed are 0-59",
        "0 0 0 0 * *       | day-of-month field '0' has 0, which is out of range; allowed are 1-31"
            + " or ?",
        "0 0 0 * 13 *      | month field '13' has 13, which is out of range; allowed are 1-12 or"
            + " JAN-DEC",
        "0 0 0 * * 8       | day-of-week field '8' has 8, which is out of range; allowed are 0-7"
            + " (0 and 7 are Sunday), SUN-SAT or ?",
        "0 0 0 * FOO *     | month field 'FOO' has 'FOO', which is not a value; allowed are 1-12",
        "0 0 0 * * MON-XYZ | day-of-week field 'MON-XYZ' has 'XYZ', which is not a value",
        "0 0 22-2 * * *    | hour field '22-2' has range '22-2', whose start is after its end",
        "*/0 * * * * *     | second field '*/0' has step '0', which must be a number >= 1",
        "*/x * * * * *     | second field '*/x' has step 'x', which must be a number >= 1",
        "0 0 1,,2 * * *    | hour field '1,,2' has an empty list item",
        "0 0 ? * * *       | hour field '?' uses '?', which is allowed only alone in day-of-month",
        "0 0 0 ?/2 * *     | day-of-month field '?/2' uses '?'",
        "0 0 -1 * * *      | hour field '-1' has '', which is not a value",
        "* * *             | it has 3 fields; use 6 (second minute hour day-of-month month"
            + " day-of-week), 5 (the same without second) or a macro such as @daily",
        "0 0 0 0 0 0 0     | it has 7 fields",
        "@often            | unknown macro; use one of @yearly",
        "0 0 0 30 2 *      | it never fires, because no date matches its day-of-month, month and"
            + " day-of-week fields together",
        "0 0 0 31 4,6,9,11 * | it never fires",
      })
  void invalidExpressionsNameTheExpressionTheFieldAndTheAllowedValues(
      String expression, String problem) {
    assertThatThrownBy(() -> CronExpression.parse(expression.trim()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid cron expression '" + expression.trim() + "': ")
        .hasMessageContaining(problem.trim());
  }

  @Test
  void fieldErrorsListTheSyntax() {
    assertThatThrownBy(() -> CronExpression.parse("0 0 25 * * *"))
        .hasMessage(
            "invalid cron expression '0 0 25 * * *': hour field '25' has 25, which is out of range;"
                + " allowed are 0-23, lists (a,b), ranges (a-b), steps (*/n, a/n, a-b/n) and *");
  }

  @Test
  void blankExpressionsAreRejected() {
    assertThatThrownBy(() -> CronExpression.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cron expression must not be blank but was null");
    assertThatThrownBy(() -> CronExpression.parse("  "))
        .hasMessage("cron expression must not be blank but was '  '");
  }

  // Daylight-saving changes: New York 2025-03-09 02:00 -> 03:00 and 2025-11-02 02:00 -> 01:00.

  @Test
  void aLocalTimeSkippedWhenClocksGoForwardFiresAtTheChange() {
    assertThat(firings("0 30 2 * * *", "2025-03-08T02:30:00-05:00[America/New_York]", 3))
        .containsExactly(
            "2025-03-09T03:00-04:00", "2025-03-10T02:30-04:00", "2025-03-11T02:30-04:00");
  }

  @Test
  void severalSkippedTimesFireOnceAndTheHourAfterTheGapIsNotRepeated() {
    assertThat(firings("0 0 * * * *", "2025-03-09T00:30:00-05:00[America/New_York]", 4))
        .containsExactly(
            "2025-03-09T01:00-05:00",
            "2025-03-09T03:00-04:00",
            "2025-03-09T04:00-04:00",
            "2025-03-09T05:00-04:00");
    assertThat(firings("0 */20 2 * * *", "2025-03-08T23:00:00-05:00[America/New_York]", 4))
        .containsExactly(
            "2025-03-09T03:00-04:00",
            "2025-03-10T02:00-04:00",
            "2025-03-10T02:20-04:00",
            "2025-03-10T02:40-04:00");
  }

  @Test
  void aRepeatedLocalTimeFiresOnceWhenTheHourIsFixed() {
    assertThat(firings("0 30 1 * * *", "2025-11-01T01:30:00-04:00[America/New_York]", 3))
        .containsExactly(
            "2025-11-02T01:30-04:00", "2025-11-03T01:30-05:00", "2025-11-04T01:30-05:00");
  }

  @Test
  void anEveryHourScheduleKeepsItsPaceThroughTheRepeatedHour() {
    assertThat(firings("0 */30 * * * *", "2025-11-02T00:45:00-04:00[America/New_York]", 6))
        .containsExactly(
            "2025-11-02T01:00-04:00",
            "2025-11-02T01:30-04:00",
            "2025-11-02T01:00-05:00",
            "2025-11-02T01:30-05:00",
            "2025-11-02T02:00-05:00",
            "2025-11-02T02:30-05:00");
  }

  @Test
  void halfHourShiftsAreHandledToo() {
    // Lord Howe Island: 2025-04-06 02:00 -> 01:30 and 2025-10-05 02:00 -> 02:30
    assertThat(firings("0 45 1 * * *", "2025-04-05T12:00:00+11:00[Australia/Lord_Howe]", 2))
        .containsExactly("2025-04-06T01:45+11:00", "2025-04-07T01:45+10:30");
    assertThat(firings("0 15 2 * * *", "2025-10-04T12:00:00+10:30[Australia/Lord_Howe]", 2))
        .containsExactly("2025-10-05T02:30+11:00", "2025-10-06T02:15+11:00");
  }

  // The reference check: every instant of a range is classified directly (local time matches the
  // fields, with the daylight-saving rules above), and next() must agree for every query.

  @Test
  void matchesTheBruteForceReferenceSecondBySecondInUtc() {
    assertMatchesReference(
        "*/7 * * * * *",
        ZoneOffset.UTC,
        t -> t.getSecond() % 7 == 0,
        Instant.parse("2026-01-01T23:00:00Z"),
        Duration.ofHours(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1));
  }

  @Test
  void matchesTheBruteForceReferenceForBusinessHoursOverTwoMonths() {
    assertMatchesReference(
        "0 */20 9-17 * * MON-FRI",
        ZoneOffset.UTC,
        t ->
            t.getSecond() == 0
                && t.getMinute() % 20 == 0
                && t.getHour() >= 9
                && t.getHour() <= 17
                && t.getDayOfWeek().getValue() <= 5,
        Instant.parse("2026-01-28T00:00:00Z"),
        Duration.ofDays(60),
        Duration.ofMinutes(1),
        Duration.ofMinutes(7));
  }

  @Test
  void matchesTheBruteForceReferenceAcrossNewYorkTransitions() {
    Predicate<LocalDateTime> everyFiveMinutes = t -> t.getSecond() == 0 && t.getMinute() % 5 == 0;
    Predicate<LocalDateTime> earlyMorning =
        t -> t.getSecond() == 0 && t.getMinute() == 30 && (t.getHour() == 1 || t.getHour() == 2);
    for (String around : List.of("2025-03-08T00:00:00Z", "2025-11-01T00:00:00Z")) {
      Instant from = Instant.parse(around);
      assertMatchesReference(
          "0 */5 * * * *",
          NEW_YORK,
          everyFiveMinutes,
          from,
          Duration.ofDays(3),
          Duration.ofMinutes(1),
          Duration.ofSeconds(50));
      assertMatchesReference(
          "0 30 1,2 * * *",
          NEW_YORK,
          earlyMorning,
          from,
          Duration.ofDays(3),
          Duration.ofMinutes(1),
          Duration.ofMinutes(1));
    }
  }

  @Test
  void matchesTheBruteForceReferenceAcrossBerlinTransitionsOnItsTwentySecondGrid() {
    Predicate<LocalDateTime> twice =
        t -> t.getSecond() % 20 == 0 && t.getMinute() % 30 == 0 && t.getHour() == 2;
    for (String around : List.of("2025-03-29T22:00:00Z", "2025-10-25T22:00:00Z")) {
      assertMatchesReference(
          "*/20 0,30 2 * * *",
          BERLIN,
          twice,
          Instant.parse(around),
          Duration.ofHours(30),
          Duration.ofSeconds(20),
          Duration.ofSeconds(3));
    }
  }

  @Test
  void matchesTheBruteForceReferenceAcrossLordHoweHalfHourTransitions() {
    Predicate<LocalDateTime> quarterPast =
        t -> t.getSecond() == 0 && (t.getMinute() == 15 || t.getMinute() == 45);
    Predicate<LocalDateTime> quarterToTwo =
        t -> t.getSecond() == 0 && t.getMinute() == 45 && t.getHour() == 1;
    for (String around : List.of("2025-04-04T12:00:00Z", "2025-10-03T12:00:00Z")) {
      Instant from = Instant.parse(around);
      assertMatchesReference(
          "0 15,45 * * * *",
          LORD_HOWE,
          quarterPast,
          from,
          Duration.ofDays(3),
          Duration.ofMinutes(1),
          Duration.ofSeconds(40));
      assertMatchesReference(
          "0 45 1 * * *",
          LORD_HOWE,
          quarterToTwo,
          from,
          Duration.ofDays(3),
          Duration.ofMinutes(1),
          Duration.ofMinutes(1));
    }
  }

  /**
   * Classifies every instant of {@code [from, from + span + 2 days]} on a {@code sweep} grid and
   * checks next() at every {@code query} step and just before and at every firing.
   */
  private static void assertMatchesReference(
      String expression,
      ZoneId zone,
      Predicate<LocalDateTime> fields,
      Instant from,
      Duration span,
      Duration sweep,
      Duration query) {
    CronExpression cron = CronExpression.parse(expression);
    ZoneRules rules = zone.getRules();
    Instant to = from.plus(span);
    TreeSet<Instant> firings = new TreeSet<>();
    for (Instant t = from; !t.isAfter(to.plus(Duration.ofDays(2))); t = t.plus(sweep)) {
      if (referenceFires(fields, cron.everyHour(), rules, t)) {
        firings.add(t);
      }
    }
    assertThat(firings).as("the reference finds firings").isNotEmpty();
    List<Instant> queries = new ArrayList<>();
    for (Instant q = from; q.isBefore(to); q = q.plus(query)) {
      queries.add(q);
    }
    for (Instant firing : firings.headSet(to)) {
      queries.add(firing.minusSeconds(1));
      queries.add(firing);
    }
    for (Instant q : queries) {
      Instant expected = firings.higher(q);
      assertThat(expected).as("reference range covers the query %s", q).isNotNull();
      assertThat(cron.next(q, zone))
          .as("next(%s) of '%s' in %s", q, expression, zone)
          .isEqualTo(expected);
    }
  }

  /**
   * Whether a cron schedule fires at instant {@code t}: its local time matches the fields, except
   * on the second pass of a repeated hour when the hour field is not every hour; and at the instant
   * clocks go forward when any skipped local time matches.
   */
  private static boolean referenceFires(
      Predicate<LocalDateTime> fields, boolean everyHour, ZoneRules rules, Instant t) {
    ZoneOffsetTransition last = rules.previousTransition(t.plusNanos(1));
    if (last != null && last.isGap() && last.getInstant().equals(t)) {
      for (LocalDateTime skipped = last.getDateTimeBefore();
          skipped.isBefore(last.getDateTimeAfter());
          skipped = skipped.plusSeconds(1)) {
        if (fields.test(skipped)) {
          return true;
        }
      }
    }
    LocalDateTime local = LocalDateTime.ofInstant(t, rules.getOffset(t));
    if (!fields.test(local)) {
      return false;
    }
    boolean secondPass =
        last != null && last.isOverlap() && local.isBefore(last.getDateTimeBefore());
    return everyHour || !secondPass;
  }
}
