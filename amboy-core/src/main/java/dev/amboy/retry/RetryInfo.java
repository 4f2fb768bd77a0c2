package dev.amboy.retry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's retry state: its own policy (or {@code null} to use its queue's), the current attempt,
 * the finished attempts before it, and a retry the running attempt asked for.
 *
 * @param policy the job's policy; {@code null} means the queue's default
 * @param attempt the 1-based number of the current (or last) attempt
 * @param previous the finished attempts before the current one, oldest first
 * @param requestedDelay set when the running attempt asked to be retried after this pause
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RetryInfo(
    @JsonProperty("policy") RetryPolicy policy,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("previous") List<JobAttempt> previous,
    @JsonProperty("requested_delay") Duration requestedDelay) {

  private static final RetryInfo FIRST = new RetryInfo(null, 1, List.of(), null);

  public RetryInfo {
    attempt = Math.max(1, attempt);
    previous = previous == null ? List.of() : List.copyOf(previous);
  }

  /** The state of a job that has not been retried and has no policy of its own. */
  public static RetryInfo initial() {
    return FIRST;
  }

  /** Whether this is the state of a first attempt with the queue's policy. */
  @JsonIgnore
  public boolean isInitial() {
    return policy == null && attempt == 1 && previous.isEmpty() && requestedDelay == null;
  }

  public RetryInfo withPolicy(RetryPolicy value) {
    return new RetryInfo(value, attempt, previous, requestedDelay);
  }

  public RetryInfo withRequestedDelay(Duration value) {
    return new RetryInfo(policy, attempt, previous, value);
  }

  /** The state for the next attempt, with {@code finished} added to the history. */
  public RetryInfo next(JobAttempt finished) {
    List<JobAttempt> history = new ArrayList<>(previous.size() + 1);
    history.addAll(previous);
    history.add(finished);
    return new RetryInfo(policy, attempt + 1, history, null);
  }
}
