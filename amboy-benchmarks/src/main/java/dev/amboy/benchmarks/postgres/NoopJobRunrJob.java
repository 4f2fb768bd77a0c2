package dev.amboy.benchmarks.postgres;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** The no-op job JobRunr runs; public, as JobRunr resolves the job's class and method by name. */
public final class NoopJobRunrJob {

  private static final AtomicReference<CountDownLatch> EXECUTED = new AtomicReference<>();

  private NoopJobRunrJob() {}

  static void countExecutionsWith(CountDownLatch executed) {
    EXECUTED.set(executed);
  }

  /** Does nothing but count, so that the harness knows when the last job ran. */
  public static void run(Integer item) {
    CountDownLatch executed = EXECUTED.get();
    if (executed != null) {
      executed.countDown();
    }
  }
}
