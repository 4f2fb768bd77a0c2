package dev.amboy.benchmarks.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL side-by-side harness: one server, every system and SQL ceiling in its own forked
 * JVM with the same heap and GC flags, interleaved (A B C … A B C …), the median of the repetitions
 * compared.
 */
public final class PostgresHarness {

  /** The flags every trial JVM runs with. */
  static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");

  /** The version the parent pom pins ({@code db-scheduler.version}). */
  static final String DB_SCHEDULER_VERSION = "16.7.1";

  private static final Logger log = LoggerFactory.getLogger(PostgresHarness.class);
  private static final long TRIAL_LIMIT_MINUTES = 15;

  private PostgresHarness() {}

  /**
   * How a run is sized.
   *
   * @param jobs jobs per burn-down and per batch-enqueue trial
   * @param repetitions runs of each trial
   * @param workers worker threads of every system in a burn-down
   * @param pendingRows whether to measure P6 (1M vs 10k pending rows; inserting 1M rows takes over
   *     a minute per repetition)
   */
  public record Settings(int jobs, int repetitions, int workers, boolean pendingRows) {

    public Settings {
      List<String> violations = new ArrayList<>();
      if (jobs < 1_000) {
        violations.add("jobs must be at least 1000 but was " + jobs);
      }
      if (repetitions < 1) {
        violations.add("repetitions must be at least 1 but was " + repetitions);
      }
      if (workers < 1 || workers > 64) {
        violations.add("workers must be between 1 and 64 but was " + workers);
      }
      if (!violations.isEmpty()) {
        throw new IllegalArgumentException(
            "postgres benchmark settings: " + String.join("; ", violations));
      }
    }
  }

  /**
   * Runs every trial and returns what was measured. A trial that fails in any repetition is not run
   * again and is reported as not measured, with the reason.
   */
  public static Results run(Settings settings) throws IOException, InterruptedException {
    try (BenchDatabase database = BenchDatabase.open()) {
      Map<String, String> server = serverSettings(database.jdbcUrl());
      Map<Trial, List<Measurement>> measured = new EnumMap<>(Trial.class);
      Map<Trial, String> failures = new EnumMap<>(Trial.class);
      List<Trial> trials = new ArrayList<>(Trial.CORE);
      if (settings.pendingRows()) {
        trials.addAll(Trial.PENDING_ROWS);
      }
      for (int rep = 1; rep <= settings.repetitions(); rep++) {
        for (Trial trial : trials) {
          if (failures.containsKey(trial)) {
            continue;
          }
          try {
            Measurement m = fork(database.jdbcUrl(), trial, rep, settings);
            log.info(
                "rep {} {}: {} jobs/s, {} s CPU",
                rep,
                trial,
                String.format(Locale.ROOT, "%,.0f", m.perSecond()),
                String.format(Locale.ROOT, "%.2f", m.cpuSeconds()));
            measured.computeIfAbsent(trial, t -> new ArrayList<>()).add(m);
          } catch (TrialFailedException e) {
            log.warn("rep {} {} failed: {}\n{}", rep, trial, e.getMessage(), e.output);
            failures.put(trial, e.getMessage());
            measured.remove(trial);
          }
        }
      }
      return new Results(settings, measured, failures, server, database.isEmbedded());
    }
  }

  /** A trial JVM that did not report a measurement. */
  static final class TrialFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The end of the trial JVM's output. */
    final String output;

    TrialFailedException(String message, String output) {
      super(message);
      this.output = output;
    }
  }

  private static Map<String, String> serverSettings(String url) throws IOException {
    try (HikariDataSource pool = BenchDatabase.pool(url, 1, null)) {
      Map<String, String> settings = new LinkedHashMap<>();
      for (String name :
          List.of(
              "server_version",
              "synchronous_commit",
              "fsync",
              "full_page_writes",
              "wal_sync_method",
              "shared_buffers")) {
        settings.put(name, BenchDatabase.setting(pool, name));
      }
      return settings;
    } catch (SQLException e) {
      throw new IOException("cannot read the server's settings", e);
    }
  }

  private static Measurement fork(String url, Trial trial, int rep, Settings settings)
      throws IOException, InterruptedException, TrialFailedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TrialMain.class.getName());
    command.add(trial.name());
    command.add("bench_" + trial.name().toLowerCase(Locale.ROOT) + "_" + rep);
    command.add(String.valueOf(trial.count(settings.jobs())));
    command.add(String.valueOf(settings.workers()));
    Path output = Files.createTempFile("amboy-trial-", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().put(BenchDatabase.URL_VARIABLE, url);
      Process process = builder.start();
      if (!process.waitFor(TRIAL_LIMIT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new TrialFailedException(
            "did not finish within " + TRIAL_LIMIT_MINUTES + " minutes", "");
      }
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      for (String line : lines) {
        Measurement m = Measurement.parse(line);
        if (m != null && process.exitValue() == 0) {
          return m;
        }
      }
      String cause =
          lines.stream()
              .filter(line -> line.contains("Exception") || line.contains("Error"))
              .findFirst()
              .orElse("no result line");
      throw new TrialFailedException(
          "exit code " + process.exitValue() + ", " + cause,
          String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The measurements of a run and the goal lines computed from them. */
  public record Results(
      Settings settings,
      Map<Trial, List<Measurement>> measured,
      Map<Trial, String> failures,
      Map<String, String> server,
      boolean embedded) {

    double median(Trial trial) {
      double[] values = perSecond(trial);
      int n = values.length;
      return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    double medianCpu(Trial trial) {
      double[] values =
          measured.get(trial).stream().mapToDouble(Measurement::cpuSeconds).sorted().toArray();
      int n = values.length;
      return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private double[] perSecond(Trial trial) {
      double[] values = measured.get(trial).stream().mapToDouble(Measurement::perSecond).toArray();
      Arrays.sort(values);
      return values;
    }

    double ratio(Trial ours, Trial reference) {
      return median(ours) / median(reference);
    }

    /** One line per goal P1–P8, in the {@code <id> <ratio> (goal <x>)} form. */
    public List<String> goalLines() {
      List<String> lines = new ArrayList<>();
      lines.add(
          ratioLine(
              "P1",
              Trial.AMBOY_BATCHED,
              Trial.DB_SCHEDULER,
              ">= 4 x db-scheduler " + DB_SCHEDULER_VERSION + " lock-and-fetch"));
      lines.add(
          ratioLine(
              "P2",
              Trial.AMBOY_BATCHED,
              Trial.SQL_CLAIM_100,
              ">= 0.5 x SQL claim 100 + complete 100 per commit"));
      lines.add(
          ratioLine(
              "P3",
              Trial.AMBOY_UNBATCHED,
              Trial.SQL_CLAIM_1,
              ">= 0.6 x SQL claim 1 + complete 1, batching off"));
      String missing =
          missing(
              Trial.AMBOY_PUT_ALL,
              Trial.SQL_INSERT_MULTI_ROW,
              Trial.AMBOY_PUT,
              Trial.SQL_INSERT_SINGLE_ROW);
      String p4Goal = "putAll >= 0.5 x multi-row INSERT / put >= 0.7 x single-row INSERT";
      lines.add(
          missing != null
              ? "P4 not measured (" + missing + ") (goal " + p4Goal + ")"
              : format(
                  "P4 %.2f / %.2f (goal %s)",
                  ratio(Trial.AMBOY_PUT_ALL, Trial.SQL_INSERT_MULTI_ROW),
                  ratio(Trial.AMBOY_PUT, Trial.SQL_INSERT_SINGLE_ROW),
                  p4Goal));
      lines.add("P5 not measured (enqueue -> start latency is not in this harness yet)");
      if (settings.pendingRows()) {
        lines.add(
            ratioLine(
                "P6",
                Trial.AMBOY_PENDING_1M,
                Trial.AMBOY_PENDING_10K,
                ">= 0.8 x throughput with 1M pending rows vs 10k"));
      } else {
        lines.add(
            "P6 not measured (1M pending rows take minutes to insert; runs with --full or"
                + " --pg-p6)");
      }
      lines.add(
          "P7 not measured here (several worker JVMs, duplicates and kill -9 are covered by the"
              + " amboy-postgres integration tests)");
      String p8Goal = "reported beside us as peers: amboy / peer, batched burn-down";
      String quartz =
          missing(Trial.AMBOY_BATCHED, Trial.QUARTZ) != null
              ? "Quartz not measured (" + missing(Trial.AMBOY_BATCHED, Trial.QUARTZ) + ")"
              : format(
                  "%.2f x Quartz %s JDBC",
                  ratio(Trial.AMBOY_BATCHED, Trial.QUARTZ), QuartzTrial.version());
      String jobRunr =
          missing(Trial.AMBOY_BATCHED, Trial.JOBRUNR) != null
              ? "JobRunr not measured (" + missing(Trial.AMBOY_BATCHED, Trial.JOBRUNR) + ")"
              : format(
                  "%.2f x JobRunr %s SQL",
                  ratio(Trial.AMBOY_BATCHED, Trial.JOBRUNR), JobRunrTrial.VERSION);
      lines.add("P8 " + quartz + ", " + jobRunr + " (goal " + p8Goal + ")");
      return lines;
    }

    private String ratioLine(String id, Trial ours, Trial reference, String goal) {
      String missing = missing(ours, reference);
      return missing != null
          ? id + " not measured (" + missing + ") (goal " + goal + ")"
          : format("%s %.2f (goal %s)", id, ratio(ours, reference), goal);
    }

    /** Why one of {@code trials} has no figure, or null when all have one. */
    private String missing(Trial... trials) {
      for (Trial trial : trials) {
        if (!measured.containsKey(trial)) {
          return trial.name().toLowerCase(Locale.ROOT)
              + " failed: "
              + failures.getOrDefault(trial, "not run");
        }
      }
      return null;
    }

    /** Per-system figures: median, min–max and JVM CPU seconds. */
    public List<String> detailLines() {
      List<String> lines = new ArrayList<>();
      for (Trial trial : measured.keySet()) {
        double[] values = perSecond(trial);
        lines.add(
            format(
                "  %-22s %,10.0f /s (min %,.0f, max %,.0f; JVM CPU %.2f s; %,d per run) %s",
                trial.name().toLowerCase(Locale.ROOT),
                median(trial),
                values[0],
                values[values.length - 1],
                medianCpu(trial),
                trial.count(settings.jobs()),
                trial.description));
      }
      failures.forEach(
          (trial, reason) ->
              lines.add(
                  format(
                      "  %-22s not measured: %s", trial.name().toLowerCase(Locale.ROOT), reason)));
      lines.add(format("  %s", setup()));
      return lines;
    }

    String setup() {
      return format(
          "PostgreSQL %s (%s; synchronous_commit=%s, fsync=%s, full_page_writes=%s,"
              + " wal_sync_method=%s, shared_buffers=%s), one forked JVM per trial (%s) with a"
              + " warm-up run of 1/10 of the work first, %d workers per burn-down, %,d jobs,"
              + " %d repetitions interleaved, medians",
          server.get("server_version"),
          embedded ? "embedded, same machine" : "external",
          server.get("synchronous_commit"),
          server.get("fsync"),
          server.get("full_page_writes"),
          server.get("wal_sync_method"),
          server.get("shared_buffers"),
          String.join(" ", JVM_FLAGS),
          settings.workers(),
          settings.jobs(),
          settings.repetitions());
    }

    /** The PostgreSQL section of {@code docs/benchmarks.md}. */
    public String markdown() {
      StringBuilder text = new StringBuilder();
      text.append("## PostgreSQL (jobs/s, no-op jobs, durable commits)\n\n");
      text.append(setup()).append(". db-scheduler ").append(DB_SCHEDULER_VERSION);
      text.append(
              " uses lock-and-fetch polling with its default fractions (0.5, 1.0) of its threads and a"
                  + " 1 s polling interval. Quartz ")
          .append(QuartzTrial.version())
          .append(
              " runs JobStoreTX (PostgreSQLDelegate, clustered) acquiring up to as many triggers"
                  + " per round trip as it has threads. JobRunr ")
          .append(JobRunrTrial.VERSION)
          .append(
              " runs its SQL storage with Jackson 3 and its smallest supported poll interval,"
                  + " 5 s. JVM CPU is the trial JVM's process CPU time in the timed"
                  + " window; the database's CPU is not included. The SQL ceilings run on a lean"
                  + " table (id, queue, jsonb body, state, owner, lock and end times) with one commit"
                  + " per statement.\n\n");
      text.append("| trial | median /s | min /s | max /s | JVM CPU s | per run |\n");
      text.append("|---|---|---|---|---|---|\n");
      for (Trial trial : measured.keySet()) {
        double[] values = perSecond(trial);
        text.append(
            format(
                "| %s | %,.0f | %,.0f | %,.0f | %.2f | %,d |%n",
                trial.description,
                median(trial),
                values[0],
                values[values.length - 1],
                medianCpu(trial),
                trial.count(settings.jobs())));
      }
      failures.forEach(
          (trial, reason) ->
              text.append(
                  format("| %s | not measured: %s | | | | |%n", trial.description, reason)));
      text.append('\n');
      return text.toString();
    }

    private static String format(String pattern, Object... args) {
      return String.format(Locale.ROOT, pattern, args);
    }
  }
}
