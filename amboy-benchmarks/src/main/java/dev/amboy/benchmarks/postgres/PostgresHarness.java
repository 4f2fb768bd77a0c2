package dev.amboy.benchmarks.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.amboy.benchmarks.Medians;
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

  /** Jobs of the burn-downs that P1 and P2 are set at, and of a full run's trials. */
  public static final int GOAL_JOBS = 200_000;

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
   * @param peerLatency whether to measure the peers' steady state and latency beside amboy's (no
   *     goal reads them, and they take minutes)
   * @param latencySeconds how long the producer of each latency run enqueues at its rate
   */
  public record Settings(
      int jobs,
      int repetitions,
      int workers,
      boolean pendingRows,
      boolean peerLatency,
      int latencySeconds) {

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
      if (latencySeconds < 1) {
        violations.add("latencySeconds must be at least 1 but was " + latencySeconds);
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
      if (settings.peerLatency()) {
        trials.addAll(Trial.PEER_STEADY);
      }
      if (settings.pendingRows()) {
        trials.addAll(Trial.PENDING_ROWS);
      }
      for (int rep = 1; rep <= settings.repetitions(); rep++) {
        for (Trial trial : trials) {
          if (failures.containsKey(trial)) {
            continue;
          }
          try {
            Measurement m =
                fork(
                    database.jdbcUrl(),
                    trial,
                    trial.name().toLowerCase(Locale.ROOT) + "_" + rep,
                    trial.count(settings.jobs()),
                    settings.workers(),
                    null);
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
      Map<Trial, Map<Integer, List<Measurement>>> latency =
          measureLatency(database.jdbcUrl(), settings, measured);
      Map<Integer, List<WorkerJvms.Run>> jvms = new java.util.TreeMap<>();
      String jvmsFailure = measureWorkerJvms(database.jdbcUrl(), settings, jvms);
      return new Results(
          settings, measured, failures, latency, jvms, jvmsFailure, server, database.isEmbedded());
    }
  }

  /**
   * Goal P7: burn-downs by 1, 2 and 4 worker JVMs sharing one queue, interleaved within each
   * repetition. Stops at the first failed run and returns why, or returns null.
   */
  private static String measureWorkerJvms(
      String url, Settings settings, Map<Integer, List<WorkerJvms.Run>> runs)
      throws IOException, InterruptedException {
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      for (int jvms : WorkerJvms.JVM_COUNTS) {
        try {
          WorkerJvms.Run run =
              WorkerJvms.run(
                  url,
                  "bench_jvms_" + jvms + "_" + rep,
                  settings.jobs() / WorkerJvms.JOB_DIVISOR,
                  settings.workers(),
                  jvms);
          log.info(
              "rep {} {} worker JVMs: {} jobs/s, {} duplicate, {} lost",
              rep,
              jvms,
              String.format(Locale.ROOT, "%,.0f", run.measurement().perSecond()),
              run.duplicates(),
              run.lost());
          for (int jvm = 0; jvm < run.warmUps().size(); jvm++) {
            log.info(
                "rep {} {} worker JVMs, JVM {}: {}", rep, jvms, jvm + 1, run.warmUps().get(jvm));
          }
          runs.computeIfAbsent(jvms, n -> new ArrayList<>()).add(run);
        } catch (TrialFailedException e) {
          log.warn("rep {} {} worker JVMs failed: {}\n{}", rep, jvms, e.getMessage(), e.output);
          runs.clear();
          return jvms + " worker JVMs failed: " + e.getMessage();
        }
      }
    }
    return null;
  }

  /** Percent of a system's steady-state median throughput its latency producer runs at. */
  static final List<Integer> LATENCY_LOADS = List.of(25, 50, 80);

  private static double medianPerSecond(List<Measurement> measured) {
    return Medians.of(measured.stream().mapToDouble(Measurement::perSecond).toArray());
  }

  /**
   * Enqueue → start latency of every system whose steady state was measured, at 25, 50 and 80% of
   * its own steady-state throughput (one producer enqueueing one job per call as fast as it can
   * while the workers run), the systems and loads interleaved within each repetition. A run that
   * fails is logged and leaves its load without that repetition's figures.
   */
  private static Map<Trial, Map<Integer, List<Measurement>>> measureLatency(
      String url, Settings settings, Map<Trial, List<Measurement>> measured)
      throws IOException, InterruptedException {
    Map<Trial, Map<Integer, List<Measurement>>> latency = new EnumMap<>(Trial.class);
    for (int rep = 1; rep <= settings.repetitions(); rep++) {
      for (Trial steady : Trial.STEADY) {
        if (!measured.containsKey(steady)) {
          continue;
        }
        Trial trial = steady.latency();
        for (int load : LATENCY_LOADS) {
          double rate = medianPerSecond(measured.get(steady)) * load / 100.0;
          int count = (int) Math.max(100, Math.round(rate * settings.latencySeconds()));
          try {
            Measurement m =
                fork(
                    url,
                    trial,
                    trial.name().toLowerCase(Locale.ROOT) + "_" + load + "_" + rep,
                    count,
                    settings.workers(),
                    String.format(Locale.ROOT, "%.1f", rate));
            log.info(
                "rep {} {} latency at {}% ({} jobs/s): p50 {} us, p99 {} us",
                rep,
                trial.system(),
                load,
                String.format(Locale.ROOT, "%,.0f", rate),
                m.p50Micros(),
                m.p99Micros());
            latency
                .computeIfAbsent(trial, t -> new java.util.TreeMap<>())
                .computeIfAbsent(load, l -> new ArrayList<>())
                .add(m);
          } catch (TrialFailedException e) {
            log.warn(
                "rep {} {} latency at {}% failed: {}\n{}",
                rep, trial.system(), load, e.getMessage(), e.output);
          }
        }
      }
    }
    return latency;
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

  private static Measurement fork(
      String url, Trial trial, String schemaSuffix, int count, int workers, String rate)
      throws IOException, InterruptedException, TrialFailedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TrialMain.class.getName());
    command.add(trial.name());
    command.add("bench_" + schemaSuffix);
    command.add(String.valueOf(count));
    command.add(String.valueOf(workers));
    if (rate != null) {
      command.add(rate);
    }
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
        if (line.startsWith(TrialMain.WARM_UP_PREFIX)) {
          log.info("{} {}: {}", trial, schemaSuffix, line);
        }
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
      Map<Trial, Map<Integer, List<Measurement>>> latency,
      Map<Integer, List<WorkerJvms.Run>> workerJvms,
      String workerJvmsFailure,
      Map<String, String> server,
      boolean embedded) {

    double median(Trial trial) {
      double[] values = perSecond(trial);
      int n = values.length;
      return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    double medianCpu(Trial trial) {
      return median(measured.get(trial), Measurement::cpuSeconds);
    }

    double medianDatabaseCpu(Trial trial) {
      return median(measured.get(trial), Measurement::databaseCpuSeconds);
    }

    private static double median(
        List<Measurement> measurements, java.util.function.ToDoubleFunction<Measurement> value) {
      return Medians.of(measurements.stream().mapToDouble(value).toArray());
    }

    /**
     * Median p50 and p99 (microseconds), rate and CPU of the latency trial's runs at {@code load}%.
     */
    double[] latencyAt(Trial trial, int load) {
      List<Measurement> runs = latency.get(trial).get(load);
      return new double[] {
        median(runs, m -> m.p50Micros()),
        median(runs, m -> m.p99Micros()),
        median(runs, Measurement::perSecond),
        median(runs, Measurement::cpuSeconds),
        median(runs, Measurement::databaseCpuSeconds)
      };
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
      String p5Goal = "p50 <= 5 ms, p99 <= 25 ms at 50% of own max, LISTEN/NOTIFY";
      if (latency.getOrDefault(Trial.AMBOY_LATENCY, Map.of()).containsKey(50)) {
        double[] at50 = latencyAt(Trial.AMBOY_LATENCY, 50);
        lines.add(
            format(
                "P5 p50 %.1f ms, p99 %.1f ms at %,.0f jobs/s (goal %s)",
                at50[0] / 1000, at50[1] / 1000, at50[2], p5Goal));
      } else {
        lines.add(
            "P5 not measured ("
                + (measured.containsKey(Trial.AMBOY_STEADY)
                    ? "the latency runs failed"
                    : "no steady-state run to size the load from")
                + ") (goal "
                + p5Goal
                + ")");
      }
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
      lines.add(workerJvmsLine());
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

    private static final String P7_GOAL =
        "total >= 0.9 x one JVM; 0 duplicate and 0 lost executions; kill -9: amboy-postgres"
            + " WorkerProcessIT";

    /** Median throughput of the runs with {@code jvms} worker JVMs. */
    double workerJvmsMedian(int jvms) {
      return median(
          workerJvms.get(jvms).stream().map(WorkerJvms.Run::measurement).toList(),
          Measurement::perSecond);
    }

    private String workerJvmsLine() {
      if (workerJvmsFailure != null || workerJvms.isEmpty()) {
        return "P7 not measured ("
            + (workerJvmsFailure != null ? workerJvmsFailure : "not run")
            + ") (goal "
            + P7_GOAL
            + ")";
      }
      int baseline = WorkerJvms.JVM_COUNTS.get(0);
      List<String> ratios = new ArrayList<>();
      long duplicates = 0;
      long lost = 0;
      for (int jvms : workerJvms.keySet()) {
        for (WorkerJvms.Run run : workerJvms.get(jvms)) {
          duplicates += run.duplicates();
          lost += run.lost();
        }
        if (jvms != baseline) {
          ratios.add(
              format("%.2f (%d JVMs)", workerJvmsMedian(jvms) / workerJvmsMedian(baseline), jvms));
        }
      }
      return format(
          "P7 %s; %d duplicate, %d lost executions (goal %s)",
          String.join(" / ", ratios), duplicates, lost, P7_GOAL);
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

    /**
     * Per-system figures: median, min–max and JVM CPU seconds; first, when the runs were shorter
     * than the goals', a line that says so, since short burn-downs cost the systems differently.
     */
    public List<String> detailLines() {
      List<String> lines = new ArrayList<>();
      if (settings.jobs() < GOAL_JOBS) {
        lines.add(
            format(
                "  PostgreSQL runs of %,d jobs; P1 and P2 are set at %,d (--full or --pg-jobs=%d)",
                settings.jobs(), GOAL_JOBS, GOAL_JOBS));
      }
      for (Trial trial : measured.keySet()) {
        double[] values = perSecond(trial);
        lines.add(
            format(
                "  %-22s %,10.0f /s (min %,.0f, max %,.0f; CPU JVM %.2f s, PostgreSQL %.2f s;"
                    + " %,d per run) %s",
                trial.name().toLowerCase(Locale.ROOT),
                median(trial),
                values[0],
                values[values.length - 1],
                medianCpu(trial),
                medianDatabaseCpu(trial),
                trial.count(settings.jobs()),
                trial.description));
      }
      failures.forEach(
          (trial, reason) ->
              lines.add(
                  format(
                      "  %-22s not measured: %s", trial.name().toLowerCase(Locale.ROOT), reason)));
      latency.forEach(
          (trial, loads) ->
              loads
                  .keySet()
                  .forEach(
                      load -> {
                        double[] at = latencyAt(trial, load);
                        lines.add(
                            format(
                                "  %-22s p50 %.1f ms, p99 %.1f ms at %,.0f jobs/s",
                                trial.name().toLowerCase(Locale.ROOT) + "_" + load + "%",
                                at[0] / 1000,
                                at[1] / 1000,
                                at[2]));
                      }));
      for (int jvms : workerJvms.keySet()) {
        lines.add(format("  amboy_%d_worker_jvms   %,10.0f /s", jvms, workerJvmsMedian(jvms)));
      }
      lines.add(format("  %s", setup()));
      return lines;
    }

    String setup() {
      return format(
          "PostgreSQL %s (%s; synchronous_commit=%s, fsync=%s, full_page_writes=%s,"
              + " wal_sync_method=%s, shared_buffers=%s), one forked JVM per trial (%s) warmed up"
              + " until its JIT compilers settle (warm-up runs of a tenth of the work, at least a"
              + " full run's, until one spends under %.0f%% of its time compiling, for at most %d"
              + " s), %d workers per burn-down, %,d jobs, %d repetitions interleaved, medians",
          server.get("server_version"),
          embedded ? "embedded, same machine" : "external",
          server.get("synchronous_commit"),
          server.get("fsync"),
          server.get("full_page_writes"),
          server.get("wal_sync_method"),
          server.get("shared_buffers"),
          String.join(" ", JVM_FLAGS),
          TrialMain.SETTLED_COMPILE_SHARE * 100,
          TrialMain.WARM_UP_LIMIT.toSeconds(),
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
              " polls every second, with lock-and-fetch (fractions 0.5, 1.0 of its threads) and,"
                  + " as a second series, with its default fetch strategy (fractions 0.5, 3.0)."
                  + " Quartz ")
          .append(QuartzTrial.version())
          .append(
              " runs JobStoreTX (PostgreSQLDelegate, clustered) acquiring up to as many triggers"
                  + " per round trip as it has threads. JobRunr ")
          .append(JobRunrTrial.VERSION)
          .append(
              " runs its SQL storage with Jackson 3 and its smallest supported poll interval,"
                  + " 5 s. CPU is the time the trial JVM and the PostgreSQL server (all its"
                  + " processes, from /proc; n/a for a server on another machine) spent in the"
                  + " timed window: on 2 cores they compete. The SQL ceilings run on a lean"
                  + " table (id, queue, jsonb body, state, owner, lock and end times) with one commit"
                  + " per statement.\n\n");
      text.append(
          "| trial | median /s | min /s | max /s | CPU s JVM | CPU s PostgreSQL | per run |\n");
      text.append("|---|---|---|---|---|---|---|\n");
      for (Trial trial : measured.keySet()) {
        double[] values = perSecond(trial);
        text.append(
            format(
                "| %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %,d |%n",
                trial.description,
                median(trial),
                values[0],
                values[values.length - 1],
                medianCpu(trial),
                medianDatabaseCpu(trial),
                trial.count(settings.jobs())));
      }
      failures.forEach(
          (trial, reason) ->
              text.append(
                  format("| %s | not measured: %s | | | | | |%n", trial.description, reason)));
      text.append('\n');
      if (!latency.isEmpty()) {
        text.append("### Enqueue → start latency (open-loop producer)\n\n");
        text.append(
            format(
                "Each run enqueues for %d s at a steady rate, a fraction of the same system's"
                    + " steady-state median above (one thread enqueueing one job per call as fast"
                    + " as it can while the workers run them); latency is measured from each job's"
                    + " intended enqueue instant to its start (HdrHistogram); each JVM first warms"
                    + " up with a run as long as the measured one. amboy's workers are woken by"
                    + " LISTEN/NOTIFY and its producer puts the jobs that are due together when it"
                    + " falls behind; db-scheduler runs with immediate execution (scheduling a due"
                    + " execution wakes its poller) beside its 1 s polling; Quartz's scheduling"
                    + " thread is woken by the scheduler it schedules through; JobRunr polls every"
                    + " 5 s. The peers' producers enqueue one job per call. Medians of %d"
                    + " repetitions.%n%n",
                settings.latencySeconds(), settings.repetitions()));
        text.append(
            "| system | load | jobs/s | p50 ms | p99 ms | CPU s JVM | CPU s PostgreSQL |\n");
        text.append("|---|---|---|---|---|---|---|\n");
        latency.forEach(
            (trial, loads) ->
                loads
                    .keySet()
                    .forEach(
                        load -> {
                          double[] at = latencyAt(trial, load);
                          text.append(
                              format(
                                  "| %s | %d%% | %,.0f | %.1f | %.1f | %.2f | %.2f |%n",
                                  trial.system(),
                                  load,
                                  at[2],
                                  at[0] / 1000,
                                  at[1] / 1000,
                                  at[3],
                                  at[4]));
                        }));
        text.append('\n');
      }
      if (!workerJvms.isEmpty()) {
        text.append("### Several worker JVMs on one database (amboy, P7)\n\n");
        text.append(
            format(
                "%,d jobs are put first; then 1, 2 or 4 JVMs (%d workers each, default batching,"
                    + " same flags as above, each warmed up in a schema of its own by the same"
                    + " rule as every trial JVM: burn-downs of %,d jobs until its JIT compilers"
                    + " have settled) are told to start at the same instant; the"
                    + " window ends at the last completion any of them stored. Every JVM counts"
                    + " its job runs: a duplicate is a run beyond one per job, a lost job is one"
                    + " whose row is not completed at the end. CPU time of the JVMs added up, and the"
                    + " elapsed time their JIT compiler threads spent compiling in the window"
                    + " (it stretches when the compilers wait for a core). Medians"
                    + " of %d repetitions, the JVM counts interleaved.%n%n",
                settings.jobs() / WorkerJvms.JOB_DIVISOR,
                settings.workers(),
                Trial.AMBOY_BATCHED.warmUpCount(settings.jobs() / WorkerJvms.JOB_DIVISOR),
                settings.repetitions()));
        text.append(
            "| worker JVMs | median /s | min /s | max /s | ratio to 1 JVM | CPU s JVMs |"
                + " CPU s PostgreSQL | JIT s JVMs | duplicates | lost |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|\n");
        int baseline = WorkerJvms.JVM_COUNTS.get(0);
        for (int jvms : workerJvms.keySet()) {
          List<WorkerJvms.Run> runs = workerJvms.get(jvms);
          List<Measurement> windows = runs.stream().map(WorkerJvms.Run::measurement).toList();
          double[] values = windows.stream().mapToDouble(Measurement::perSecond).sorted().toArray();
          text.append(
              format(
                  "| %d | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %s | %d | %d |%n",
                  jvms,
                  workerJvmsMedian(jvms),
                  values[0],
                  values[values.length - 1],
                  workerJvmsMedian(jvms) / workerJvmsMedian(baseline),
                  median(windows, Measurement::cpuSeconds),
                  median(windows, Measurement::databaseCpuSeconds),
                  compileSeconds(runs),
                  runs.stream().mapToLong(WorkerJvms.Run::duplicates).sum(),
                  runs.stream().mapToLong(WorkerJvms.Run::lost).sum()));
        }
        text.append(
            "\nA worker JVM killed with `kill -9` mid-run is tested, not benchmarked:"
                + " `amboy-postgres`'s `WorkerProcessIT` (3 JVMs, one killed, every job completed,"
                + " the dead JVM's jobs taken over after the lock timeout).\n\n");
      }
      return text.toString();
    }

    /** The median time the JVMs' JIT compilers spent in the window, or "n/a". */
    private static String compileSeconds(List<WorkerJvms.Run> runs) {
      long[] millis =
          runs.stream()
              .mapToLong(WorkerJvms.Run::compileMillis)
              .filter(m -> m >= 0)
              .sorted()
              .toArray();
      return millis.length < runs.size()
          ? "n/a"
          : format("%.1f", millis[millis.length / 2] / 1000.0);
    }

    private static String format(String pattern, Object... args) {
      return String.format(Locale.ROOT, pattern, args);
    }
  }
}
