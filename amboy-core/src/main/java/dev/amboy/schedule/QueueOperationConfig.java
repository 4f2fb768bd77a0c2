package dev.amboy.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.amboy.internal.Violations;
import java.time.Duration;

/**
 * How a scheduled operation reacts to errors and load (Go amboy's {@code QueueOperationConfig},
 * with its property names).
 *
 * @param continueOnError keep running after an operation fails; when off, the first failure (other
 *     than an ignored duplicate job) stops the schedule and is logged as an error
 * @param logErrors log each failure as a warning when continuing; otherwise failures are only
 *     counted and kept as {@link ScheduledOperation#lastError()}
 * @param debugLogging log every run and skip at INFO instead of DEBUG
 * @param respectThreshold skip a run while the queue has more than {@code threshold} pending jobs
 * @param threshold the pending-job count above which runs are skipped
 * @param enableDuplicateJobReporting treat a duplicate job id as a failure; by default a schedule
 *     that puts a job which is already queued is doing its job, and the error is ignored
 * @param jitter the largest random delay added to each wait between runs; zero for none
 */
public record QueueOperationConfig(
    @JsonProperty("continue_on_error") boolean continueOnError,
    @JsonProperty("log_errors") boolean logErrors,
    @JsonProperty("debug_logging") boolean debugLogging,
    @JsonProperty("respect_threshold") boolean respectThreshold,
    @JsonProperty("threshold") int threshold,
    @JsonProperty("enable_duplicate_reporting") boolean enableDuplicateJobReporting,
    @JsonProperty("jitter") Duration jitter) {

  /** The longest jitter; a random delay beyond a year is a mistake, not a spread. */
  public static final Duration MAXIMUM_JITTER = Duration.ofDays(365);

  private static final QueueOperationConfig DEFAULTS = builder().build();

  public QueueOperationConfig {
    new Violations("queue operation config")
        .atLeast("threshold", threshold, 0)
        .notNegative("jitter", jitter)
        .check(
            jitter == null || jitter.compareTo(MAXIMUM_JITTER) <= 0,
            "jitter must be <= " + MAXIMUM_JITTER + " but was " + jitter)
        .throwIfAny();
  }

  /**
   * Go amboy's defaults: stop at the first failure, ignore duplicate jobs, no threshold, no jitter.
   */
  public static QueueOperationConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link QueueOperationConfig}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private boolean continueOnError;
    private boolean logErrors;
    private boolean debugLogging;
    private boolean respectThreshold;
    private int threshold;
    private boolean enableDuplicateJobReporting;
    private Duration jitter = Duration.ZERO;

    private Builder() {}

    public Builder continueOnError(boolean continueOnError) {
      this.continueOnError = continueOnError;
      return this;
    }

    public Builder logErrors(boolean logErrors) {
      this.logErrors = logErrors;
      return this;
    }

    public Builder debugLogging(boolean debugLogging) {
      this.debugLogging = debugLogging;
      return this;
    }

    /** Skips runs while the queue has more than {@code threshold} pending jobs. */
    public Builder threshold(int threshold) {
      this.respectThreshold = true;
      this.threshold = threshold;
      return this;
    }

    public Builder respectThreshold(boolean respectThreshold) {
      this.respectThreshold = respectThreshold;
      return this;
    }

    public Builder enableDuplicateJobReporting(boolean enableDuplicateJobReporting) {
      this.enableDuplicateJobReporting = enableDuplicateJobReporting;
      return this;
    }

    public Builder jitter(Duration jitter) {
      this.jitter = jitter;
      return this;
    }

    public QueueOperationConfig build() {
      return new QueueOperationConfig(
          continueOnError,
          logErrors,
          debugLogging,
          respectThreshold,
          threshold,
          enableDuplicateJobReporting,
          jitter);
    }
  }
}
