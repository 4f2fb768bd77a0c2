package dev.amboy.benchmarks.postgres;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueListener;
import dev.amboy.postgres.PostgresQueue;
import dev.amboy.postgres.PostgresQueueOptions;
import dev.amboy.postgres.PostgresSchema;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/** {@link PostgresQueue} in the harness: burn-down with and without batching, and enqueue. */
final class AmboyTrials {

  private static final Duration BURN_DOWN_LIMIT = Duration.ofMinutes(10);

  private AmboyTrials() {}

  static PostgresQueue queue(DataSource dataSource, String schema, int workers, boolean batched) {
    PostgresSchema.create(dataSource, schema);
    JobRegistry registry = new JobRegistry();
    registry.register(NoopPostgresJob.TYPE, NoopPostgresJob::new);
    registry.register(LatencyPostgresJob.TYPE, LatencyPostgresJob::new);
    PostgresQueueOptions.Builder options =
        PostgresQueueOptions.builder("bench", dataSource, registry).schema(schema).workers(workers);
    if (!batched) {
      options.claimBatchSize(1).completionBatchSize(1).completionFlushInterval(Duration.ZERO);
    }
    return new PostgresQueue(options.build());
  }

  static List<Job> jobs(int from, int count) {
    List<Job> jobs = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      jobs.add(new NoopPostgresJob("job-" + i));
    }
    return jobs;
  }

  /** Puts {@code count} jobs with {@code putAll} calls of {@link SqlCeilings#INSERT_BATCH} jobs. */
  static long putAll(PostgresQueue queue, int count) {
    for (int done = 0; done < count; done += SqlCeilings.INSERT_BATCH) {
      queue.putAll(jobs(done, Math.min(SqlCeilings.INSERT_BATCH, count - done)));
    }
    return count;
  }

  /** Puts {@code count} jobs with one {@code put} each, from one thread. */
  static long putEach(PostgresQueue queue, int count) {
    for (int i = 0; i < count; i++) {
      queue.put(new NoopPostgresJob("job-" + i));
    }
    return count;
  }

  /**
   * Puts {@code count} jobs, then times start → the last completion stored in the database (the
   * queue tells listeners of a completion after its row is written).
   */
  static Measurement burnDown(
      DataSource dataSource, String schema, int count, int workers, boolean batched)
      throws Exception {
    PostgresQueue queue = queue(dataSource, schema, workers, batched);
    try {
      putAll(queue, count);
      CountDownLatch completed = completions(queue, count);
      BenchDatabase.checkpoint(dataSource);
      Measurement measurement =
          Measurement.time(
              () -> {
                queue.start();
                awaitAll(completed, count);
                return (long) count;
              });
      long stored = queue.stats().completed();
      if (stored != count) {
        throw new IllegalStateException(
            "the queue reports " + stored + " completed jobs, expected " + count);
      }
      return measurement;
    } finally {
      queue.close(Duration.ofSeconds(30));
    }
  }

  /**
   * Puts {@code pending} jobs, then times start → the {@code measured}-th completion: throughput
   * with a large (or small) backlog of pending rows.
   */
  static Measurement backlog(
      DataSource dataSource, String schema, int pending, int measured, int workers)
      throws Exception {
    PostgresQueue queue = queue(dataSource, schema, workers, true);
    try {
      putAll(queue, pending);
      CountDownLatch completed = completions(queue, measured);
      BenchDatabase.checkpoint(dataSource);
      return Measurement.time(
          () -> {
            queue.start();
            awaitAll(completed, measured);
            return (long) measured;
          });
    } finally {
      queue.close(Duration.ofSeconds(30));
    }
  }

  /**
   * Enqueue → start latency under an open-loop producer: {@code count} jobs, each meant to be
   * enqueued at its own instant of a steady {@code rate}, put as soon as that instant has passed
   * (several at once with {@code putAll} when the producer is behind), each notifying the workers
   * through LISTEN/NOTIFY. Latency is measured from the intended instant, so a producer that falls
   * behind shows up in the figures instead of hiding them.
   */
  static Measurement latency(
      DataSource dataSource, String schema, int count, int workers, double rate) throws Exception {
    PostgresQueue queue = queue(dataSource, schema, workers, true);
    try {
      CountDownLatch completed = completions(queue, count);
      queue.start();
      StartLatency.reset();
      long interval = Math.max(1, (long) (1e9 / rate));
      BenchDatabase.checkpoint(dataSource);
      Measurement measurement =
          Measurement.time(
              () -> {
                long start = System.nanoTime();
                int next = 0;
                while (next < count) {
                  long now = System.nanoTime();
                  List<Job> due = new ArrayList<>();
                  while (next < count && start + next * interval <= now) {
                    due.add(new LatencyPostgresJob("job-" + next, start + next * interval));
                    next++;
                  }
                  if (due.isEmpty()) {
                    LockSupport.parkNanos(start + next * interval - now);
                  } else if (due.size() == 1) {
                    queue.put(due.get(0));
                  } else {
                    queue.putAll(due);
                  }
                }
                awaitAll(completed, count);
                return (long) count;
              });
      Histogram starts = StartLatency.recorded();
      if (starts.getTotalCount() != count) {
        throw new IllegalStateException(
            starts.getTotalCount() + " jobs recorded their start, expected " + count);
      }
      return measurement.withLatency(
          starts.getValueAtPercentile(50), starts.getValueAtPercentile(99));
    } finally {
      queue.close(Duration.ofSeconds(30));
    }
  }

  /**
   * Starts the queue, then one thread puts {@code count} jobs with one {@code put} each as fast as
   * it can while the workers run them; times the first put → the last completion stored. This is
   * the queue's own maximum for the latency runs' workload (one producer, one commit per job,
   * workers woken by notifications).
   */
  static Measurement steadyState(DataSource dataSource, String schema, int count, int workers)
      throws Exception {
    PostgresQueue queue = queue(dataSource, schema, workers, true);
    try {
      CountDownLatch completed = completions(queue, count);
      queue.start();
      BenchDatabase.checkpoint(dataSource);
      return Measurement.time(
          () -> {
            putEach(queue, count);
            awaitAll(completed, count);
            return (long) count;
          });
    } finally {
      queue.close(Duration.ofSeconds(30));
    }
  }

  /** Counts down once for each completion the queue stores. */
  private static CountDownLatch completions(PostgresQueue queue, int count) {
    CountDownLatch completed = new CountDownLatch(count);
    queue.addListener(
        new QueueListener() {
          @Override
          public void onJobCompleted(Queue source, Job job) {
            completed.countDown();
          }
        });
    return completed;
  }

  private static void awaitAll(CountDownLatch completed, int count) throws InterruptedException {
    if (!completed.await(BURN_DOWN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          completed.getCount()
              + " of "
              + count
              + " jobs were still not completed after "
              + BURN_DOWN_LIMIT);
    }
  }
}
