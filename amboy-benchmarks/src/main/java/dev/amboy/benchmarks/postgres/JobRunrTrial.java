package dev.amboy.benchmarks.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

/**
 * JobRunr on its SQL storage (PostgreSQL, tables created by its own migrations), with as many
 * workers as the other systems and a 5 s poll interval, its smallest: a burn-down of
 * fire-and-forget no-op jobs, and the steady-state and latency runs of {@link #produce}.
 */
final class JobRunrTrial {

  /** The version the parent pom pins ({@code jobrunr.version}); its jar names no version. */
  static final String VERSION = "8.7.0";

  private static final Duration LIMIT = Duration.ofMinutes(10);

  private JobRunrTrial() {}

  static Measurement burnDown(DataSource dataSource, int count, int workers) throws Exception {
    JobRunrConfiguration.JobRunrConfigurationResult jobRunr = configure(dataSource, workers);
    BackgroundJobServer server = jobRunr.getBackgroundJobServer();
    try {
      CountDownLatch executed = new CountDownLatch(count);
      NoopJobRunrJob.countExecutionsWith(executed);
      jobRunr
          .getJobScheduler()
          .enqueue(IntStream.range(0, count).boxed(), item -> NoopJobRunrJob.run(item));
      BenchDatabase.checkpoint(dataSource);
      return Measurement.time(
          () -> {
            server.start();
            if (!executed.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
              throw new IllegalStateException(
                  executed.getCount() + " of " + count + " jobs were still not executed");
            }
            // A job is finished when its SUCCEEDED state is stored; the job method runs before.
            awaitFinished(dataSource);
            return (long) count;
          });
    } finally {
      server.stop();
      JobRunr.destroy();
    }
  }

  /**
   * Steady state ({@code rate} 0) or enqueue → start latency at {@code rate}: the background job
   * server runs while one thread enqueues one job per call. The window ends when the last job's
   * SUCCEEDED state is stored.
   */
  static Measurement produce(DataSource dataSource, int count, int workers, double rate)
      throws Exception {
    JobRunrConfiguration.JobRunrConfigurationResult jobRunr = configure(dataSource, workers);
    BackgroundJobServer server = jobRunr.getBackgroundJobServer();
    try {
      server.start();
      StartLatency.reset();
      BenchDatabase.checkpoint(dataSource);
      JobScheduler scheduler = jobRunr.getJobScheduler();
      Measurement window =
          Measurement.time(
              () -> {
                OpenLoopProducer.run(
                    count,
                    rate,
                    (i, intended) -> {
                      Long at = intended;
                      scheduler.enqueue(() -> LatencyJobRunrJob.run(at));
                    });
                StartLatency.awaitStarts(count, LIMIT);
                awaitFinished(dataSource);
                return (long) count;
              });
      return rate > 0 ? StartLatency.withPercentiles(window, count) : window;
    } finally {
      server.stop();
      JobRunr.destroy();
    }
  }

  /**
   * JobRunr on the SQL storage of {@code dataSource} with {@code workers} workers and its smallest
   * supported poll interval; the background job server is created but not started.
   */
  private static JobRunrConfiguration.JobRunrConfigurationResult configure(
      DataSource dataSource, int workers) {
    return JobRunr.configure()
        .useJsonMapper(new Jackson3JsonMapper())
        .useStorageProvider(SqlStorageProviderFactory.using(dataSource))
        .useBackgroundJobServer(
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(workers)
                .andPollInterval(Duration.ofSeconds(5)),
            false)
        .initialize();
  }

  private static void awaitFinished(DataSource dataSource) throws SQLException {
    while (unfinishedRows(dataSource) > 0) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static long unfinishedRows(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM jobrunr_jobs WHERE state <> 'SUCCEEDED'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
