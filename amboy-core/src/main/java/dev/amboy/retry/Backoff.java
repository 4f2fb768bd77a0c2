package dev.amboy.retry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** How long to wait before the next attempt of a failed job. Stored with the job, so sealed. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Backoff.Fixed.class, name = "fixed"),
  @JsonSubTypes.Type(value = Backoff.Exponential.class, name = "exponential")
})
public sealed interface Backoff permits Backoff.Fixed, Backoff.Exponential {

  /**
   * The pause before attempt {@code nextAttempt}.
   *
   * @param nextAttempt the 1-based number of the attempt about to be scheduled (2 for the first
   *     retry)
   * @param random the source of jitter
   */
  Duration delay(int nextAttempt, RandomGenerator random);

  /** The same pause before every retry. */
  static Backoff fixed(Duration delay) {
    return new Fixed(delay);
  }

  /**
   * A pause that starts at {@code initial} and is multiplied by {@code multiplier} for every
   * further retry, capped at {@code max}, then shortened by up to {@code jitter} (a fraction of it)
   * at random so that jobs that failed together do not all retry together.
   */
  static Backoff exponential(Duration initial, Duration max, double multiplier, double jitter) {
    return new Exponential(initial, max, multiplier, jitter);
  }

  /**
   * A fixed pause.
   *
   * @param delay the pause; zero retries at once
   */
  record Fixed(@JsonProperty("delay") Duration delay) implements Backoff {
    public Fixed {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException(
            "invalid fixed backoff: delay must be >= 0 but was " + delay);
      }
    }

    @Override
    public Duration delay(int nextAttempt, RandomGenerator random) {
      return delay;
    }
  }

  /**
   * An exponential pause with jitter.
   *
   * @param initial the pause before the first retry
   * @param max the longest pause
   * @param multiplier the growth per retry, at least 1
   * @param jitter the fraction of the pause taken off at random, between 0 and 1
   */
  record Exponential(
      @JsonProperty("initial") Duration initial,
      @JsonProperty("max") Duration max,
      @JsonProperty("multiplier") double multiplier,
      @JsonProperty("jitter") double jitter)
      implements Backoff {
    public Exponential {
      List<String> problems = new ArrayList<>();
      if (initial == null || initial.isNegative() || initial.isZero()) {
        problems.add("initial must be > 0 but was " + initial);
      }
      if (max == null || initial == null || max.compareTo(initial) < 0) {
        problems.add("max must be >= initial (" + initial + ") but was " + max);
      }
      if (!(multiplier >= 1.0)) {
        problems.add("multiplier must be >= 1 but was " + multiplier);
      }
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        problems.add("jitter must be within [0, 1] but was " + jitter);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid exponential backoff: " + String.join("; ", problems));
      }
    }

    @Override
    public Duration delay(int nextAttempt, RandomGenerator random) {
      double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, nextAttempt - 2));
      double capped = Math.min(nanos, (double) max.toNanos());
      double jittered = capped * (1.0 - jitter * random.nextDouble());
      return Duration.ofNanos((long) jittered);
    }
  }
}
