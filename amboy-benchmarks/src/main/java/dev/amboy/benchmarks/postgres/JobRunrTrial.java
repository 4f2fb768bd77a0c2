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
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

/**
 * JobRunr burn-down of fire-and-forget no-op jobs on its SQL storage (PostgreSQL, tables created by
 * its own migrations), with as many workers as the other systems and a 1 s poll interval.
 */
final class JobRunrTrial {

  /** The version the parent pom pins ({@code jobrunr.version}); its jar names no version. */
  static final String VERSION = "8.7.0";

  private static final Duration LIMIT = Duration.ofMinutes(10);

  private JobRunrTrial() {}

  static Measurement burnDown(DataSource dataSource, int count, int workers) throws Exception {
    JobRunrConfiguration.JobRunrConfigurationResult jobRunr =
        JobRunr.configure()
            .useJsonMapper(new Jackson3JsonMapper())
            .useStorageProvider(SqlStorageProviderFactory.using(dataSource))
            .useBackgroundJobServer(
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                    .andWorkerCount(workers)
                    .andPollInterval(Duration.ofSeconds(5)),
                false)
            .initialize();
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
            while (unfinishedRows(dataSource) > 0) {
              LockSupport.parkNanos(1_000_000);
            }
            return (long) count;
          });
    } finally {
      server.stop();
      JobRunr.destroy();
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
