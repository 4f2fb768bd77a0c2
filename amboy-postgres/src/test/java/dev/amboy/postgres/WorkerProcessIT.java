package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Job;
import dev.amboy.registry.JobRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three worker JVMs share one queue; one is killed with SIGKILL in the middle of the run. Every job
 * completes, no job is recorded complete twice (a trigger logs every transition to completed), and
 * the dead worker's locks are taken over within the lock timeout.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WorkerProcessIT {

  private static final int JOBS = 2_000;
  private static final int WORKERS = 3;
  private static final int THREADS = 4;
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopWorkers() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void aWorkerKilledMidRunLosesNoJobAndCompletesNoneTwice() throws Exception {
    String schema = TestDatabase.newSchema("processes");
    DataSource dataSource = TestDatabase.dataSource();
    String queueName = "process-queue";
    execute(
        dataSource,
        "CREATE TABLE "
            + schema
            + ".executions (job_id text NOT NULL, worker text NOT NULL,"
            + " at timestamptz NOT NULL DEFAULT clock_timestamp())",
        "CREATE TABLE "
            + schema
            + ".completions (job_id text NOT NULL, owner text NOT NULL,"
            + " at timestamptz NOT NULL DEFAULT clock_timestamp())",
        "CREATE FUNCTION "
            + schema
            + ".log_completion() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN INSERT INTO "
            + schema
            + ".completions (job_id, owner)"
            + " VALUES (NEW.id, OLD.owner); RETURN NEW; END $$",
        "CREATE TRIGGER log_completion AFTER UPDATE OF completed ON "
            + schema
            + ".jobs"
            + " FOR EACH ROW WHEN (NEW.completed AND NOT OLD.completed)"
            + " EXECUTE FUNCTION "
            + schema
            + ".log_completion()");

    PostgresQueue producer =
        new PostgresQueue(
            PostgresQueueOptions.builder(
                    queueName, dataSource, TraceJob.register(new JobRegistry()))
                .schema(schema)
                .build());
    List<Job> jobs = new ArrayList<>(JOBS);
    for (int i = 0; i < JOBS; i++) {
      jobs.add(new TraceJob("job-" + i, "processes").sleep(15));
    }
    producer.putAll(jobs);

    Path logs = Files.createTempDirectory("amboy-workers");
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      owners.add(startWorker(schema, queueName, "worker-" + i, logs));
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count(dataSource, "SELECT count(*) FROM " + schema + ".executions") >= 400);
    Process victim = processes.get(0);
    String deadOwner = owners.get(0);
    victim.destroyForcibly();
    long killedAt = System.nanoTime();
    assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String deadAt = text(dataSource, "SELECT clock_timestamp()::text");
    Set<String> heldAtKill =
        ids(
            dataSource,
            "SELECT id FROM " + schema + ".jobs WHERE in_progress AND owner = '" + deadOwner + "'");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                count(
                        dataSource,
                        "SELECT count(*) FROM "
                            + schema
                            + ".jobs WHERE in_progress AND owner = '"
                            + deadOwner
                            + "'")
                    == 0);
    Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                count(dataSource, "SELECT count(*) FROM " + schema + ".jobs WHERE completed")
                    == JOBS);

    long completions = count(dataSource, "SELECT count(*) FROM " + schema + ".completions");
    long distinctCompletions =
        count(dataSource, "SELECT count(DISTINCT job_id) FROM " + schema + ".completions");
    Map<String, List<String>> executions = executionsById(dataSource, schema);
    Map<String, List<String>> duplicates = new TreeMap<>();
    executions.forEach(
        (id, workers) -> {
          if (workers.size() > 1) {
            duplicates.put(id, workers);
          }
        });
    System.out.printf(
        "kill -9 run: %d jobs, %d worker JVMs x %d threads, lock timeout %s; completions recorded"
            + " %d (distinct %d); dead worker held %d jobs at the kill, taken over after %d ms;"
            + " jobs executed more than once: %d %s%n",
        JOBS,
        WORKERS,
        THREADS,
        LOCK_TIMEOUT,
        completions,
        distinctCompletions,
        heldAtKill.size(),
        takeover.toMillis(),
        duplicates.size(),
        duplicates);

    assertThat(completions).isEqualTo(JOBS);
    assertThat(distinctCompletions).isEqualTo(JOBS);
    assertThat(executions).hasSize(JOBS);
    assertThat(takeover).isLessThan(LOCK_TIMEOUT.plus(LOCK_TIMEOUT.dividedBy(4)).plusSeconds(1));
    assertThat(duplicates.keySet()).isSubsetOf(heldAtKill);
    duplicates.values().forEach(workers -> assertThat(workers).contains("worker-0"));
    assertThat(
            count(
                dataSource,
                "SELECT count(*) FROM "
                    + schema
                    + ".completions WHERE owner = '"
                    + deadOwner
                    + "' AND at > '"
                    + deadAt
                    + "'::timestamptz"))
        .as("completions written in the dead worker's name after it died")
        .isZero();
  }

  private String startWorker(String schema, String queueName, String worker, Path logs)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            WorkerMain.class.getName(),
            TestDatabase.jdbcUrl(),
            schema,
            queueName,
            worker,
            Long.toString(LOCK_TIMEOUT.toMillis()),
            Integer.toString(THREADS));
    File log = logs.resolve(worker + ".log").toFile();
    builder.redirectError(log);
    Process process = builder.start();
    processes.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY ")) {
        return line.substring("READY ".length());
      }
    }
    throw new IllegalStateException(
        worker
            + " exited before it was ready; see "
            + log
            + ":\n"
            + Files.readString(log.toPath()));
  }

  private static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Set<String> ids(DataSource dataSource, String sql) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static Map<String, List<String>> executionsById(DataSource dataSource, String schema)
      throws SQLException {
    Map<String, List<String>> executions = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT job_id, worker FROM " + schema + ".executions ORDER BY at");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        executions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return executions;
  }
}
