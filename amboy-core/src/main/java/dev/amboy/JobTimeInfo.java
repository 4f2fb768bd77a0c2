package dev.amboy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a job was created, started and ended, and the limits on when and how long it may run. A
 * {@code null} field is unset.
 *
 * @param created when the job was first put; a caller-provided value is kept
 * @param start when the job was last dispatched
 * @param end when the job completed
 * @param waitUntil the job is not dispatched before this time
 * @param dispatchBy the job is dropped, not run, if it has not been dispatched by this time
 * @param maxTime the longest the job may run; its thread is interrupted when it is exceeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobTimeInfo(
    @JsonProperty("created") Instant created,
    @JsonProperty("start") Instant start,
    @JsonProperty("end") Instant end,
    @JsonProperty("wait_until") Instant waitUntil,
    @JsonProperty("dispatch_by") Instant dispatchBy,
    @JsonProperty("max_time") Duration maxTime) {

  private static final JobTimeInfo EMPTY = new JobTimeInfo(null, null, null, null, null, null);

  public static JobTimeInfo empty() {
    return EMPTY;
  }

  /** How long the last run took, or zero if the job has not both started and ended. */
  public Duration duration() {
    if (start == null || end == null) {
      return Duration.ZERO;
    }
    return Duration.between(start, end);
  }

  /** Whether the job missed its dispatch deadline and should be dropped. */
  public boolean isStale(Instant now) {
    return dispatchBy != null && dispatchBy.isBefore(now);
  }

  /** Whether the job's wait-until time has passed, so a queue may dispatch it. */
  public boolean isDispatchable(Instant now) {
    return waitUntil == null || !waitUntil.isAfter(now);
  }

  /**
   * Checks that the times make sense together.
   *
   * @throws IllegalArgumentException listing every violation
   */
  public void validate() {
    boolean ordered = waitUntil == null || dispatchBy == null || !waitUntil.isAfter(dispatchBy);
    if (created != null && ordered && (maxTime == null || !maxTime.isNegative())) {
      return;
    }
    List<String> problems = new ArrayList<>(3);
    if (created == null) {
      problems.add("created must be set");
    }
    if (waitUntil != null && dispatchBy != null && waitUntil.isAfter(dispatchBy)) {
      problems.add(
          "wait_until ("
              + waitUntil
              + ") must not be after dispatch_by ("
              + dispatchBy
              + "): the job could never run");
    }
    if (maxTime != null && maxTime.isNegative()) {
      problems.add("max_time must be >= 0 but was " + maxTime);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid job time info: " + String.join("; ", problems));
    }
  }

  /** Whether a positive max time is set. */
  @JsonIgnore
  public boolean hasMaxTime() {
    return maxTime != null && !maxTime.isZero() && !maxTime.isNegative();
  }

  /**
   * Returns a copy in which every field that is set in {@code update} replaces this one's; unset
   * fields of {@code update} leave the current value alone.
   */
  public JobTimeInfo merge(JobTimeInfo update) {
    if (update == null) {
      return this;
    }
    return new JobTimeInfo(
        update.created != null ? update.created : created,
        update.start != null ? update.start : start,
        update.end != null ? update.end : end,
        update.waitUntil != null ? update.waitUntil : waitUntil,
        update.dispatchBy != null ? update.dispatchBy : dispatchBy,
        update.maxTime != null ? update.maxTime : maxTime);
  }

  public JobTimeInfo withCreated(Instant value) {
    return new JobTimeInfo(value, start, end, waitUntil, dispatchBy, maxTime);
  }

  public JobTimeInfo withStart(Instant value) {
    return new JobTimeInfo(created, value, end, waitUntil, dispatchBy, maxTime);
  }

  public JobTimeInfo withEnd(Instant value) {
    return new JobTimeInfo(created, start, value, waitUntil, dispatchBy, maxTime);
  }

  public JobTimeInfo withWaitUntil(Instant value) {
    return new JobTimeInfo(created, start, end, value, dispatchBy, maxTime);
  }

  public JobTimeInfo withDispatchBy(Instant value) {
    return new JobTimeInfo(created, start, end, waitUntil, value, maxTime);
  }

  public JobTimeInfo withMaxTime(Duration value) {
    return new JobTimeInfo(created, start, end, waitUntil, dispatchBy, value);
  }
}
