package dev.amboy.benchmarks.postgres;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * db-scheduler burn-down of one-time no-op tasks on its own table created from its published
 * PostgreSQL schema, with either of its polling strategies: lock-and-fetch ({@code SELECT ... FOR
 * UPDATE SKIP LOCKED}, fractions 0.5 / 1.0 of its threads, the ones its documentation gives for
 * this strategy) or fetch (its default: fetch due executions, then lock each with an optimistic
 * {@code UPDATE} when it runs; fractions 0.5 / 3.0). {@link #produce} runs the steady-state and
 * latency runs with lock-and-fetch.
 */
final class DbSchedulerTrial {

  static final String SCHEMA_RESOURCE = "db-scheduler-postgresql.sql";
  private static final Duration LIMIT = Duration.ofMinutes(10);

  private DbSchedulerTrial() {}

  static Measurement burnDown(DataSource dataSource, int count, int workers, boolean lockAndFetch)
      throws Exception {
    BenchDatabase.execute(dataSource, schemaSql());
    OneTimeTask<Void> task = Tasks.oneTime("bench-noop").execute((instance, context) -> {});
    SchedulerClient client = SchedulerClient.Builder.create(dataSource, task).build();
    Instant due = Instant.now().minusSeconds(1);
    for (int done = 0; done < count; done += SqlCeilings.INSERT_BATCH) {
      List<TaskInstance<?>> batch = new ArrayList<>();
      for (int i = done; i < Math.min(count, done + SqlCeilings.INSERT_BATCH); i++) {
        batch.add(task.instance("job-" + i));
      }
      client.scheduleBatch(batch, due);
    }
    CountDownLatch executed = new CountDownLatch(count);
    SchedulerBuilder builder = Scheduler.create(dataSource, task).threads(workers);
    if (lockAndFetch) {
      builder.pollUsingLockAndFetch(0.5, 1.0);
    } else {
      builder.pollUsingFetchAndLockOnExecute(0.5, 3.0);
    }
    Scheduler scheduler =
        builder
            .pollingInterval(Duration.ofSeconds(1))
            .shutdownMaxWait(Duration.ofSeconds(5))
            .addSchedulerListener(
                new AbstractSchedulerListener() {
                  @Override
                  public void onExecutionComplete(ExecutionComplete complete) {
                    executed.countDown();
                  }
                })
            .build();
    BenchDatabase.checkpoint(dataSource);
    try {
      return Measurement.time(
          () -> {
            scheduler.start();
            if (!executed.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
              throw new IllegalStateException(
                  executed.getCount() + " of " + count + " executions were still not complete");
            }
            // A one-time task is finished when its row is deleted; wait until every delete
            // committed, whatever order the listener and the completion handler run in.
            awaitNoRows(dataSource);
            return (long) count;
          });
    } finally {
      scheduler.stop();
    }
  }

  /**
   * Steady state ({@code rate} 0) or enqueue → start latency at {@code rate}: the scheduler runs
   * with lock-and-fetch and immediate execution (scheduling an execution that is due now wakes its
   * poller at once, db-scheduler's setting for low latency, beside its 1 s polling) while one
   * thread schedules one execution per call through the scheduler itself. The window ends when the
   * last execution's row is deleted.
   */
  static Measurement produce(DataSource dataSource, int count, int workers, double rate)
      throws Exception {
    BenchDatabase.execute(dataSource, schemaSql());
    OneTimeTask<Long> task =
        Tasks.oneTime("bench-latency", Long.class)
            .execute((instance, context) -> StartLatency.record(instance.getData()));
    Scheduler scheduler =
        Scheduler.create(dataSource, task)
            .threads(workers)
            .pollUsingLockAndFetch(0.5, 1.0)
            .pollingInterval(Duration.ofSeconds(1))
            .enableImmediateExecution()
            .shutdownMaxWait(Duration.ofSeconds(5))
            .build();
    scheduler.start();
    StartLatency.reset();
    BenchDatabase.checkpoint(dataSource);
    try {
      Measurement window =
          Measurement.time(
              () -> {
                OpenLoopProducer.run(
                    count,
                    rate,
                    (i, intended) ->
                        scheduler.schedule(task.instance("job-" + i, intended), Instant.now()));
                StartLatency.awaitStarts(count, LIMIT);
                awaitNoRows(dataSource);
                return (long) count;
              });
      return rate > 0 ? StartLatency.withPercentiles(window, count) : window;
    } finally {
      scheduler.stop();
    }
  }

  private static void awaitNoRows(DataSource dataSource) throws SQLException {
    while (remainingRows(dataSource) > 0) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static long remainingRows(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String schemaSql() throws IOException {
    try (InputStream in = DbSchedulerTrial.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
