package dev.amboy.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.AbortableRunner;
import dev.amboy.JobTimeInfo;
import dev.amboy.job.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void exponentialBackoffGrowsUpToItsCapWithJitterBelowTheNominalValue() {
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.0);
    Random random = new Random(1);
    assertThat(backoff.delay(2, random)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(3, random)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(4, random)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delay(10, random)).isEqualTo(Duration.ofSeconds(10));

    Backoff jittered = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.5);
    for (int i = 0; i < 100; i++) {
      assertThat(jittered.delay(3, random)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
    assertThat(Backoff.fixed(Duration.ofMillis(5)).delay(7, random))
        .isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void invalidPoliciesNameEveryProblem() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(-1), 0.5, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial must be > 0 but was PT0S")
        .hasMessageContaining("max must be >= initial")
        .hasMessageContaining("multiplier must be >= 1 but was 0.5")
        .hasMessageContaining("jitter must be within [0, 1] but was 2.0");
    assertThatThrownBy(() -> RetryPolicy.of(0, null))
        .hasMessageContaining("maxAttempts must be >= 1 but was 0")
        .hasMessageContaining("backoff must be set");
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(-1)))
        .hasMessageContaining("delay must be >= 0");
  }

  @Test
  void onlyFailedAttemptsWithAttemptsLeftAreRetried() {
    RetryPolicy twice = RetryPolicy.of(2, Backoff.fixed(Duration.ofSeconds(3)));
    var job = Jobs.of("j", c -> {});
    assertThat(Retries.shouldRetry(job, twice)).as("no error").isFalse();
    job.addError("boom");
    assertThat(Retries.shouldRetry(job, RetryPolicy.none())).as("no retries").isFalse();
    assertThat(Retries.shouldRetry(job, twice)).isTrue();

    job.updateTimeInfo(JobTimeInfo.empty().withStart(NOW.minusSeconds(1)).withEnd(NOW));
    Duration delay = Retries.prepareNextAttempt(job, twice, NOW, new Random());
    assertThat(delay).isEqualTo(Duration.ofSeconds(3));
    assertThat(job.errors()).isEmpty();
    assertThat(job.status().completed()).isFalse();
    assertThat(job.timeInfo().waitUntil()).isEqualTo(NOW.plusSeconds(3));
    assertThat(job.timeInfo().end()).isNull();
    assertThat(job.retryInfo().attempt()).isEqualTo(2);
    assertThat(job.retryInfo().previous())
        .containsExactly(new JobAttempt(1, NOW.minusSeconds(1), NOW, java.util.List.of("boom")));

    job.addError("again");
    assertThat(Retries.shouldRetry(job, twice)).as("attempts used up").isFalse();

    var aborted = Jobs.of("a", c -> {});
    aborted.addError(AbortableRunner.ABORTED_ERROR);
    assertThat(Retries.shouldRetry(aborted, twice)).as("aborted").isFalse();
  }

  @Test
  void aJobsOwnPolicyWinsOverTheQueues() {
    var job = Jobs.of("j", c -> {});
    RetryPolicy queueDefault = RetryPolicy.of(5, Backoff.fixed(Duration.ZERO));
    assertThat(Retries.policyFor(job, queueDefault)).isSameAs(queueDefault);
    RetryPolicy own = RetryPolicy.of(2, Backoff.fixed(Duration.ZERO));
    job.setRetryPolicy(own);
    assertThat(Retries.policyFor(job, queueDefault)).isSameAs(own);
  }
}
