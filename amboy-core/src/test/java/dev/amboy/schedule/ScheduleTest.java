package dev.amboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  @Test
  void anIntervalStartsNowWithoutStartAt() {
    Schedule schedule = Schedule.every(TEN_MINUTES);

    assertThat(schedule.firstRun(NOW)).isEqualTo(NOW);
    assertThat(schedule.nextRun(NOW, NOW.plusSeconds(3)))
        .isEqualTo(NOW.plusSeconds(3).plus(TEN_MINUTES));
    assertThat(schedule).hasToString("every PT10M");
  }

  @Test
  void aStartAtIsKeptWhenNowOrLaterAndAdvancedByWholeIntervalsWhenPast() {
    assertThat(Schedule.every(TEN_MINUTES, NOW.plusSeconds(1)).firstRun(NOW))
        .isEqualTo(NOW.plusSeconds(1));
    assertThat(Schedule.every(TEN_MINUTES, NOW).firstRun(NOW)).isEqualTo(NOW);
    assertThat(Schedule.every(TEN_MINUTES, NOW.minus(Duration.ofMinutes(30))).firstRun(NOW))
        .isEqualTo(NOW);
    assertThat(Schedule.every(TEN_MINUTES, NOW.minus(Duration.ofMinutes(31))).firstRun(NOW))
        .isEqualTo(NOW.plus(Duration.ofMinutes(9)));
    assertThat(Schedule.every(TEN_MINUTES, NOW.minus(Duration.ofDays(400))).firstRun(NOW))
        .isEqualTo(NOW);
    assertThat(Schedule.every(TEN_MINUTES, NOW).toString()).isEqualTo("every PT10M from " + NOW);
  }

  @Test
  void aCronScheduleRunsAtTheFirstTimeAfterNowAndAfterTheLaterOfDueAndNow() {
    Schedule hourly = Schedule.cron("0 0 * * * *");

    assertThat(hourly.firstRun(NOW)).isEqualTo(NOW.plus(Duration.ofHours(1)));
    // a run that overran two due times skips them
    assertThat(hourly.nextRun(NOW, NOW.plus(Duration.ofMinutes(150))))
        .isEqualTo(NOW.plus(Duration.ofHours(3)));
    // a clock moved back during the run does not repeat the due time that just ran
    assertThat(hourly.nextRun(NOW, NOW.minus(Duration.ofHours(2))))
        .isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(hourly).hasToString("cron '0 0 * * * *' in Z");
    assertThat(Schedule.cron("0 0 9 * * *", ZoneId.of("America/New_York")).firstRun(NOW))
        .isEqualTo(Instant.parse("2026-03-01T14:00:00Z"));
  }

  @Test
  void aCronScheduleNeedsAnExpressionAndAZone() {
    assertThatThrownBy(() -> Schedule.cron("0 0 * * * *", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zone must be set but was null");
    assertThatThrownBy(() -> Schedule.cron((CronExpression) null, ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expression must be set but was null");
  }
}
