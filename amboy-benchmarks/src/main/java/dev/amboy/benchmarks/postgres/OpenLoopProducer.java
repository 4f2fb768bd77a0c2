package dev.amboy.benchmarks.postgres;

import java.util.concurrent.locks.LockSupport;

/**
 * The producer of the peers' steady-state and latency trials: one thread that enqueues one job per
 * call, either as fast as it can (steady state) or each job at its own instant of a steady rate
 * (open loop: a producer that falls behind does not lower the rate, and latency counts from the
 * intended instant, so the backlog shows in the percentiles).
 */
final class OpenLoopProducer {

  /** Enqueues job {@code index}, meant to be enqueued at {@code intendedNanos}. */
  @FunctionalInterface
  interface Enqueue {
    void enqueue(int index, long intendedNanos) throws Exception;
  }

  private OpenLoopProducer() {}

  /** Enqueues {@code count} jobs at {@code rate} jobs per second, or as fast as it can if 0. */
  static void run(int count, double rate, Enqueue enqueue) throws Exception {
    if (rate <= 0) {
      for (int i = 0; i < count; i++) {
        enqueue.enqueue(i, System.nanoTime());
      }
      return;
    }
    long interval = Math.max(1, (long) (1e9 / rate));
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long intended = start + i * interval;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      enqueue.enqueue(i, intended);
    }
  }
}
