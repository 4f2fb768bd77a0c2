package dev.amboy.benchmarks.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.core.QuartzScheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz burn-down of one-shot triggers of a no-op job on its JDBC job store ({@code JobStoreTX},
 * PostgreSQL delegate, clustered so that several nodes could share it like the other systems), with
 * its tables created from the PostgreSQL script Quartz ships. Triggers are acquired in batches of
 * up to the thread count, Quartz's documented throughput setting. {@link #produce} runs the
 * steady-state and latency runs on the same setup.
 */
final class QuartzTrial {

  private static final String TABLES = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
  private static final Duration LIMIT = Duration.ofMinutes(10);

  private QuartzTrial() {}

  static String version() {
    return QuartzScheduler.getVersionMajor()
        + "."
        + QuartzScheduler.getVersionMinor()
        + "."
        + QuartzScheduler.getVersionIteration();
  }

  static Measurement burnDown(DataSource dataSource, int count, int workers) throws Exception {
    Scheduler scheduler = scheduler(dataSource, workers);
    try {
      Date due = Date.from(Instant.now().minusSeconds(1));
      for (int done = 0; done < count; done += SqlCeilings.INSERT_BATCH) {
        Map<JobDetail, Set<? extends Trigger>> batch = new HashMap<>();
        for (int i = done; i < Math.min(count, done + SqlCeilings.INSERT_BATCH); i++) {
          JobDetail job =
              JobBuilder.newJob(NoopQuartzJob.class).withIdentity("job-" + i, "bench").build();
          Trigger trigger =
              TriggerBuilder.newTrigger().withIdentity("job-" + i, "bench").startAt(due).build();
          batch.put(job, Set.of(trigger));
        }
        scheduler.scheduleJobs(batch, false);
      }
      CountDownLatch executed = new CountDownLatch(count);
      scheduler.getListenerManager().addJobListener(new CountingListener(executed));
      BenchDatabase.checkpoint(dataSource);
      return Measurement.time(
          () -> {
            scheduler.start();
            if (!executed.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
              throw new IllegalStateException(
                  executed.getCount() + " of " + count + " executions were still not complete");
            }
            // A one-shot trigger is finished when its rows are deleted; listeners run before that.
            awaitNoRows(dataSource);
            return (long) count;
          });
    } finally {
      scheduler.shutdown(true);
    }
  }

  /**
   * Steady state ({@code rate} 0) or enqueue → start latency at {@code rate}: the scheduler runs
   * while one thread schedules one job with a trigger that fires now per call through the scheduler
   * itself, which wakes its scheduling thread when a new trigger is due sooner than the one it
   * waits for. The window ends when the last trigger's rows are deleted.
   */
  static Measurement produce(DataSource dataSource, int count, int workers, double rate)
      throws Exception {
    Scheduler scheduler = scheduler(dataSource, workers);
    try {
      scheduler.start();
      StartLatency.reset();
      BenchDatabase.checkpoint(dataSource);
      Measurement window =
          Measurement.time(
              () -> {
                OpenLoopProducer.run(
                    count,
                    rate,
                    (i, intended) ->
                        scheduler.scheduleJob(
                            JobBuilder.newJob(LatencyQuartzJob.class)
                                .withIdentity("job-" + i, "bench")
                                .usingJobData(LatencyQuartzJob.INTENDED, intended)
                                .build(),
                            TriggerBuilder.newTrigger()
                                .withIdentity("job-" + i, "bench")
                                .startNow()
                                .build()));
                StartLatency.awaitStarts(count, LIMIT);
                awaitNoRows(dataSource);
                return (long) count;
              });
      return rate > 0 ? StartLatency.withPercentiles(window, count) : window;
    } finally {
      scheduler.shutdown(true);
    }
  }

  /**
   * A clustered scheduler on the JDBC job store of {@code dataSource}, its tables created from
   * Quartz's PostgreSQL script.
   */
  private static Scheduler scheduler(DataSource dataSource, int workers) throws Exception {
    BenchDatabase.execute(dataSource, tablesSql());
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            "bench",
            new ConnectionProvider() {
              @Override
              public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
              }

              @Override
              public void shutdown() {}

              @Override
              public void initialize() {}
            });
    Properties properties = new Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", "bench");
    properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    properties.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(workers));
    properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(workers));
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.jobStore.dataSource", "bench");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    // Triggers due before the scheduler starts, or while it is behind, should not count as
    // misfired.
    properties.setProperty("org.quartz.jobStore.misfireThreshold", "3600000");
    return new StdSchedulerFactory(properties).getScheduler();
  }

  private static void awaitNoRows(DataSource dataSource) throws SQLException {
    while (remainingRows(dataSource) > 0) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static long remainingRows(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT (SELECT count(*) FROM qrtz_triggers)"
                    + " + (SELECT count(*) FROM qrtz_fired_triggers)")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String tablesSql() throws IOException {
    try (InputStream in = Scheduler.class.getResourceAsStream(TABLES)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + TABLES + " in the Quartz jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Counts executions. */
  private static final class CountingListener implements JobListener {
    private final CountDownLatch executed;

    CountingListener(CountDownLatch executed) {
      this.executed = executed;
    }

    @Override
    public String getName() {
      return "bench-counter";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {}

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {}

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
      executed.countDown();
    }
  }
}
