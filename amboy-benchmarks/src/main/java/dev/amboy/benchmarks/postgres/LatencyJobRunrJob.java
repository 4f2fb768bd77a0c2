package dev.amboy.benchmarks.postgres;

/**
 * The JobRunr job that records, when it starts, how long ago the producer meant to enqueue it;
 * public, as JobRunr resolves the job's class and method by name.
 */
public final class LatencyJobRunrJob {

  private LatencyJobRunrJob() {}

  /** Records the start; {@code intendedNanos} is the producer's {@link System#nanoTime()}. */
  public static void run(Long intendedNanos) {
    StartLatency.record(intendedNanos);
  }
}
