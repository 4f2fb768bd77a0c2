package dev.amboy.benchmarks.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.amboy.postgres.PostgresQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Goal P7: one queue in one schema burnt down by 1, 2 or 4 worker JVMs ({@link WorkerJvmMain}),
 * each with the same number of workers. The harness fills the queue, starts the JVMs, waits until
 * every one has warmed up and opened the queue, then tells them all to start at once and times the
 * start → the last completion any of them stored. Afterwards it counts executions (every JVM counts
 * its job runs) and completed rows: a duplicate is a job that ran twice, a lost job one that is not
 * completed.
 */
final class WorkerJvms {

  /** The numbers of worker JVMs measured; the first is the baseline. */
  static final List<Integer> JVM_COUNTS = List.of(1, 2, 4);

  /**
   * The measured burn-down is this fraction of the harness's job count, to keep the series short.
   */
  static final int JOB_DIVISOR = 2;

  private static final Duration LIMIT = Duration.ofMinutes(10);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private WorkerJvms() {}

  /**
   * What one run with several worker JVMs did.
   *
   * @param jvms worker JVMs
   * @param measurement jobs, the start → last completion window, the JVMs' CPU time added up and
   *     the server's
   * @param executions job runs counted by all JVMs together
   * @param completedRows jobs completed in the table
   * @param compileMillis time the JVMs' JIT compilers spent in the window, added up, or -1
   * @param warmUps how each JVM's warm-up went ({@link TrialMain#warmUp}), in JVM order
   */
  record Run(
      int jvms,
      Measurement measurement,
      long executions,
      long completedRows,
      long compileMillis,
      List<String> warmUps) {

    long duplicates() {
      return Math.max(0, executions - measurement.jobs());
    }

    long lost() {
      return measurement.jobs() - completedRows;
    }
  }

  /** Fills a new schema with {@code count} jobs and burns it down with {@code jvms} worker JVMs. */
  static Run run(String url, String schema, int count, int workers, int jvms)
      throws IOException, InterruptedException, PostgresHarness.TrialFailedException {
    try (HikariDataSource admin = BenchDatabase.pool(url, 2, null)) {
      DatabaseCpu.locate(admin);
      try {
        BenchDatabase.execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        PostgresQueue filler = AmboyTrials.queue(admin, schema, workers, true);
        AmboyTrials.putAll(filler, count);
        filler.close(Duration.ofSeconds(5));
        BenchDatabase.checkpoint(admin);
        return burnDown(url, admin, schema, count, workers, jvms);
      } catch (SQLException e) {
        throw new IOException("cannot prepare schema " + schema + ": " + e.getMessage(), e);
      } finally {
        try {
          BenchDatabase.execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
          throw new IOException("cannot drop schema " + schema + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private static Run burnDown(
      String url, DataSource admin, String schema, int count, int workers, int jvms)
      throws IOException, InterruptedException, PostgresHarness.TrialFailedException {
    List<Worker> started = new ArrayList<>();
    try {
      // one after another: JVMs warming up side by side on shared cores ran out of warm-up time
      // before their compilers settled, and compiled through the measured window
      List<String> warmUps = new ArrayList<>();
      for (int i = 0; i < jvms; i++) {
        Worker worker = Worker.start(url, schema, workers, count, i);
        started.add(worker);
        warmUps.add(
            worker.awaitLine(WorkerJvmMain.READY).substring(WorkerJvmMain.READY.length()).trim());
      }
      long db0 = DatabaseCpu.sampleNanos();
      long start = WorkerJvmMain.epochMicros();
      for (Worker worker : started) {
        worker.send(WorkerJvmMain.GO);
      }
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (unfinished(admin, schema)) {
        if (System.nanoTime() > deadline) {
          throw new PostgresHarness.TrialFailedException(
              jvms + " worker JVMs left jobs unfinished after " + LIMIT, "");
        }
        LockSupport.parkNanos(POLL_NANOS);
      }
      long db1 = DatabaseCpu.sampleNanos();
      long executions = 0;
      long cpu = 0;
      long compile = 0;
      long last = start;
      for (Worker worker : started) {
        worker.send(WorkerJvmMain.STOP);
      }
      for (Worker worker : started) {
        long[] result = worker.result();
        executions += result[0];
        last = Math.max(last, result[2]);
        cpu = cpu < 0 || result[3] < 0 ? -1 : cpu + result[3];
        compile = compile < 0 || result[4] < 0 ? -1 : compile + result[4];
      }
      Measurement window =
          new Measurement(
              count, (last - start) * 1_000, cpu, db0 < 0 || db1 < 0 ? -1 : db1 - db0, -1, -1);
      return new Run(jvms, window, executions, completedRows(admin, schema), compile, warmUps);
    } catch (SQLException e) {
      throw new IOException("cannot read schema " + schema + ": " + e.getMessage(), e);
    } finally {
      for (Worker worker : started) {
        worker.process.destroyForcibly();
      }
    }
  }

  /** Whether any job is pending or running; both use the table's partial indexes. */
  private static boolean unfinished(DataSource admin, String schema) throws SQLException {
    return query(
            admin,
            "SELECT EXISTS (SELECT 1 FROM "
                + schema
                + ".jobs WHERE queue = 'bench' AND NOT completed AND NOT in_progress AND NOT"
                + " dropped) OR EXISTS (SELECT 1 FROM "
                + schema
                + ".jobs WHERE queue = 'bench' AND in_progress)")
        != 0;
  }

  private static long completedRows(DataSource admin, String schema) throws SQLException {
    return query(
        admin, "SELECT count(*) FROM " + schema + ".jobs WHERE queue = 'bench' AND completed");
  }

  private static long query(DataSource admin, String sql) throws SQLException {
    try (Connection connection = admin.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      Object value = rows.getObject(1);
      return value instanceof Boolean flag ? (flag ? 1 : 0) : ((Number) value).longValue();
    }
  }

  /** A worker JVM and the pipes to it. */
  private static final class Worker {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Deque<String> tail = new ArrayDeque<>();

    private Worker(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static Worker start(String url, String schema, int workers, int jobs, int index)
        throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(PostgresHarness.JVM_FLAGS);
      command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(WorkerJvmMain.class.getName());
      command.add(schema);
      command.add(String.valueOf(workers));
      command.add(String.valueOf(jobs));
      command.add(String.valueOf(index));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put(BenchDatabase.URL_VARIABLE, url);
      return new Worker(builder.start());
    }

    void send(String line) throws IOException {
      in.write(line + "\n");
      in.flush();
    }

    /**
     * Reads the JVM's output up to {@code expected}; fails with its last lines if it ends first.
     */
    String awaitLine(String expected) throws IOException, PostgresHarness.TrialFailedException {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(expected)) {
          return line;
        }
        tail.addLast(line);
        if (tail.size() > 40) {
          tail.removeFirst();
        }
      }
      throw new PostgresHarness.TrialFailedException(
          "a worker JVM ended before printing " + expected.trim(), String.join("\n", tail));
    }

    /**
     * Executions, completions, last completion (epoch µs), CPU nanoseconds and JIT compile
     * milliseconds of the JVM.
     */
    long[] result() throws IOException, PostgresHarness.TrialFailedException {
      String[] parts =
          awaitLine(WorkerJvmMain.RESULT)
              .substring(WorkerJvmMain.RESULT.length())
              .trim()
              .split(" ");
      long[] values = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = Long.parseLong(parts[i]);
      }
      return values;
    }
  }
}
