package dev.amboy.retry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How often a failed job is tried again, and how long to wait in between. A job fails an attempt
 * when it throws (a timeout included) or asks to be retried through {@link
 * dev.amboy.JobContext#retryLater(Duration)}; an aborted or canceled run is never an attempt.
 *
 * @param maxAttempts the most times the job runs, the first run included; 1 means no retries
 * @param backoff the pause before each retry
 */
public record RetryPolicy(
    @JsonProperty("max_attempts") int maxAttempts, @JsonProperty("backoff") Backoff backoff) {

  private static final RetryPolicy NONE = new RetryPolicy(1, Backoff.fixed(Duration.ZERO));

  public RetryPolicy {
    if (maxAttempts < 1 || backoff == null) {
      throw new IllegalArgumentException(
          "invalid retry policy: "
              + (maxAttempts < 1 ? "maxAttempts must be >= 1 but was " + maxAttempts : "")
              + (maxAttempts < 1 && backoff == null ? "; " : "")
              + (backoff == null ? "backoff must be set but was null" : ""));
    }
  }

  /** Runs once, never retries. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** Up to {@code maxAttempts} runs with {@code backoff} in between. */
  public static RetryPolicy of(int maxAttempts, Backoff backoff) {
    return new RetryPolicy(maxAttempts, backoff);
  }

  /** Whether the policy allows any retry. */
  public boolean retries() {
    return maxAttempts > 1;
  }
}
