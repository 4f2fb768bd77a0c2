package dev.amboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobTimeInfoTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void durationIsEndMinusStartOrZero() {
    assertThat(JobTimeInfo.empty().duration()).isZero();
    JobTimeInfo times = JobTimeInfo.empty().withStart(T0).withEnd(T0.plusMillis(1500));
    assertThat(times.duration()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void staleOnlyWhenTheDispatchByTimeHasPassed() {
    assertThat(JobTimeInfo.empty().isStale(T0)).isFalse();
    JobTimeInfo times = JobTimeInfo.empty().withDispatchBy(T0);
    assertThat(times.isStale(T0)).isFalse();
    assertThat(times.isStale(T0.plusNanos(1))).isTrue();
  }

  @Test
  void dispatchableOnceTheWaitUntilTimeIsReached() {
    assertThat(JobTimeInfo.empty().isDispatchable(T0)).isTrue();
    JobTimeInfo times = JobTimeInfo.empty().withWaitUntil(T0);
    assertThat(times.isDispatchable(T0.minusMillis(1))).isFalse();
    assertThat(times.isDispatchable(T0)).isTrue();
  }

  @Test
  void validateReportsEveryProblemAtOnce() {
    JobTimeInfo bad =
        JobTimeInfo.empty()
            .withWaitUntil(T0.plusSeconds(10))
            .withDispatchBy(T0)
            .withMaxTime(Duration.ofSeconds(-1));
    assertThatThrownBy(bad::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("created must be set")
        .hasMessageContaining("wait_until")
        .hasMessageContaining("max_time must be >= 0 but was PT-1S");
    JobTimeInfo.empty().withCreated(T0).validate();
  }

  @Test
  void mergeCopiesOnlyTheFieldsThatAreSet() {
    JobTimeInfo base =
        JobTimeInfo.empty().withCreated(T0).withMaxTime(Duration.ofSeconds(5)).withStart(T0);
    JobTimeInfo merged = base.merge(JobTimeInfo.empty().withEnd(T0.plusSeconds(1)));
    assertThat(merged.created()).isEqualTo(T0);
    assertThat(merged.start()).isEqualTo(T0);
    assertThat(merged.end()).isEqualTo(T0.plusSeconds(1));
    assertThat(merged.maxTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(base.merge(null)).isSameAs(base);
  }

  @Test
  void statsAreCompleteWhenNothingCanProgress() {
    assertThat(new QueueStats(0, 3, 0, 0, 3, 0).isComplete()).isTrue();
    assertThat(new QueueStats(0, 2, 1, 1, 3, 0).isComplete()).isTrue();
    assertThat(new QueueStats(0, 1, 0, 0, 2, 1).isComplete()).isTrue();
    assertThat(new QueueStats(1, 2, 0, 0, 3, 0).isComplete()).isFalse();
    assertThat(new QueueStats(0, 2, 1, 0, 3, 0).isComplete()).isFalse();
    assertThat(QueueStats.EMPTY.isComplete()).isTrue();
  }

  @Test
  void jobTypesWithANegativeVersionAreLocalOnly() {
    assertThat(JobType.of("x", -1).isLocalOnly()).isTrue();
    assertThat(JobType.of("x", 0).isLocalOnly()).isFalse();
    assertThatThrownBy(() -> JobType.of(" ", 1)).hasMessageContaining("blank");
  }
}
