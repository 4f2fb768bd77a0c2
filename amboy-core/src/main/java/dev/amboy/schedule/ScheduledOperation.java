package dev.amboy.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A running schedule: what it has done so far and the way to stop it. Thread-safe.
 *
 * <p>A schedule ends when {@link #stop} is called or, without {@code continueOnError}, at the first
 * failure; {@link #isRunning()} then turns false and {@link #lastError()} says why.
 */
public interface ScheduledOperation extends AutoCloseable {

  /** How long {@link #stop()} waits for a run in progress before interrupting it. */
  Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  /** The operation's name, also the suffix of its thread's name ({@code amboy-op-<name>}). */
  String name();

  /** Whether the schedule still runs: not stopped and not ended by a failure. */
  boolean isRunning();

  /**
   * When the next run is due, while the schedule waits for it; empty during a run and once ended.
   */
  Optional<Instant> nextRun();

  /** How many times an operation ran (successfully or not). */
  long runs();

  /** How many runs were skipped because the queue had more pending jobs than the threshold. */
  long skips();

  /** How many runs failed, ignored duplicate jobs not counted. */
  long failures();

  /** The most recent failure, including the one that ended the schedule. */
  Optional<Throwable> lastError();

  /**
   * Stops the schedule: no new run starts, a wait for the next run ends at once, and a run in
   * progress gets up to {@code timeout} to finish before its thread is interrupted. Called from the
   * schedule's own operation, it only asks the schedule to end after the current run.
   *
   * @return whether the schedule ended within the timeout
   */
  boolean stop(Duration timeout);

  /** Stops the schedule, waiting up to {@link #DEFAULT_STOP_TIMEOUT} for a run in progress. */
  default void stop() {
    stop(DEFAULT_STOP_TIMEOUT);
  }

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
