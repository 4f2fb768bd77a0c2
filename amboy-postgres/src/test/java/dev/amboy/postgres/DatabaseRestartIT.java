package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.amboy.Job;
import dev.amboy.registry.JobRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The database goes away in the middle of a run: every connection breaks, workers reconnect through
 * the data source, LISTEN reconnects, and every job still runs exactly once. With the embedded
 * server the server itself is stopped and started again on the same data; with an external server
 * ({@code AMBOY_TEST_JDBC_URL}) every other backend is terminated.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DatabaseRestartIT {

  private static final int JOBS = 1_500;

  @Test
  void workersReconnectAfterTheDatabaseRestartsAndNothingIsLost() throws Exception {
    if (TestDatabase.isExternal()) {
      runAcross(TestDatabase.jdbcUrl(), new TerminateBackends());
    } else {
      Path data = Files.createTempDirectory("amboy-restart");
      EmbeddedPostgres first =
          EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
      int port = first.getPort();
      Restart restart = new RestartEmbedded(first, data, port);
      try {
        runAcross(first.getJdbcUrl("postgres", "postgres"), restart);
      } finally {
        restart.close();
      }
    }
  }

  private void runAcross(String url, Restart restart) throws Exception {
    String trace = "restart-" + System.nanoTime();
    String schema = "restart_" + ProcessHandle.current().pid();
    List<PostgresQueue> queues = new ArrayList<>();
    try (HikariDataSource dataSource = TestDatabase.pool(url, 12)) {
      PostgresSchema.create(dataSource, schema);
      JobRegistry registry = TraceJob.register(new JobRegistry());
      for (int i = 0; i < 2; i++) {
        PostgresQueue queue =
            new PostgresQueue(
                PostgresQueueOptions.builder("restarting", dataSource, registry)
                    .schema(schema)
                    .workers(3)
                    .claimBatchSize(8)
                    .lockTimeout(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .build());
        queues.add(queue);
      }
      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        jobs.add(new TraceJob("r-" + i, trace).sleep(4));
      }
      queues.get(0).putAll(jobs);
      queues.forEach(PostgresQueue::start);

      await().atMost(Duration.ofSeconds(60)).until(() -> TraceJob.runs(trace).size() >= JOBS / 5);
      int beforeRestart = TraceJob.runs(trace).size();
      restart.run(dataSource);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> completed(dataSource, schema) == JOBS);

      Map<String, Integer> runs = TraceJob.runs(trace);
      System.out.printf(
          "database restart (%s): %d jobs, %d had run before the restart, %d ran after; jobs run"
              + " more than once: %d%n",
          restart,
          JOBS,
          beforeRestart,
          JOBS - beforeRestart,
          runs.values().stream().filter(count -> count > 1).count());
      assertThat(runs).hasSize(JOBS);
      assertThat(runs.values()).allMatch(count -> count == 1);
      assertThat(beforeRestart).isLessThan(JOBS);
      var stats = queues.get(1).stats();
      assertThat(stats.completed()).isEqualTo(JOBS);
      assertThat(stats.running() + stats.pending()).isZero();
      queues.forEach(queue -> queue.close(Duration.ofSeconds(5)));
    } finally {
      queues.forEach(queue -> queue.close(Duration.ZERO));
    }
  }

  private static long completed(DataSource dataSource, String schema) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT count(*) FROM " + schema + ".jobs WHERE completed")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Takes the database away and brings it back. */
  private interface Restart extends AutoCloseable {
    void run(DataSource dataSource) throws Exception;

    @Override
    default void close() throws IOException {}
  }

  /** Stops the embedded server and starts it again on the same data directory and port. */
  private static final class RestartEmbedded implements Restart {
    private EmbeddedPostgres server;
    private final Path data;
    private final int port;

    RestartEmbedded(EmbeddedPostgres server, Path data, int port) {
      this.server = server;
      this.data = data;
      this.port = port;
    }

    @Override
    public void run(DataSource dataSource) throws Exception {
      server.close();
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPort(port)
              .start();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }

    @Override
    public String toString() {
      return "embedded server stopped and started";
    }
  }

  /** Terminates every other connection to the database, LISTEN included. */
  private static final class TerminateBackends implements Restart {
    @Override
    public void run(DataSource dataSource) throws Exception {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
      }
    }

    @Override
    public String toString() {
      return "every backend terminated";
    }
  }
}
