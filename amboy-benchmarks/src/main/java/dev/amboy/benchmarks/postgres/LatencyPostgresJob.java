package dev.amboy.benchmarks.postgres;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.job.AbstractJob;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A job that records, when it starts, how long ago the producer meant to enqueue it. Producer and
 * workers share the JVM, so {@link System#nanoTime()} is comparable across the round trip through
 * the database.
 */
final class LatencyPostgresJob extends AbstractJob {

  static final JobType TYPE = JobType.of("bench-latency", 1);

  /** Enqueue → start in microseconds, up to one minute, three significant digits. */
  private static final Histogram STARTS = new ConcurrentHistogram(60_000_000L, 3);

  private long intendedNanos;

  /** For the registry. */
  LatencyPostgresJob() {
    super(TYPE);
  }

  LatencyPostgresJob(String id, long intendedNanos) {
    super(id, TYPE);
    this.intendedNanos = intendedNanos;
  }

  @Override
  public void run(JobContext context) {
    long micros = (System.nanoTime() - intendedNanos) / 1_000;
    STARTS.recordValue(Math.min(Math.max(0, micros), STARTS.getHighestTrackableValue()));
  }

  static void reset() {
    STARTS.reset();
  }

  static Histogram recorded() {
    return STARTS.copy();
  }
}
