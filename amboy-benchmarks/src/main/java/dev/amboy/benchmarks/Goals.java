package dev.amboy.benchmarks;

import dev.amboy.benchmarks.local.GroupWithIdleQueues;
import dev.amboy.benchmarks.local.IdleDispatchLatency;
import dev.amboy.benchmarks.local.LocalQueueThroughput;
import dev.amboy.benchmarks.postgres.PostgresHarness;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints one line per performance goal of PERFORMANCE.md: {@code <id>
 * <ratio> (goal <x>)}. {@code --quick} (the default) runs one round of the local benchmarks and one
 * repetition of each PostgreSQL trial, a check of every goal in minutes; {@code --full} runs three
 * rounds and five repetitions at full size, about 1 h 50 min, and writes {@code
 * docs/benchmarks.md}. {@code --local-only} and {@code --postgres-only} run one half. {@code
 * --rounds=N} sets the local rounds; {@code --pg-jobs=N}, {@code --pg-reps=N} and {@code
 * --pg-workers=N} size the PostgreSQL harness ({@link PostgresHarness}), which uses the server in
 * {@code AMBOY_BENCH_JDBC_URL} or an embedded one; {@code --pg-p6} adds the 1M-pending-rows trials
 * and {@code --pg-peer-latency} the peers' steady state and latency, which {@code --full} always
 * runs.
 */
public final class Goals {

  /** Where the hand-written analysis of {@code docs/benchmarks.md} starts. */
  static final String ANALYSIS_HEADING = "## Profiles, changes and missed goals";

  /** The arguments that stand alone. */
  private static final List<String> FLAGS =
      List.of(
          "--quick", "--full", "--local-only", "--postgres-only", "--pg-p6", "--pg-peer-latency");

  /** The arguments that carry a number after their {@code =}. */
  private static final List<String> NUMBER_OPTIONS =
      List.of("--rounds=", "--pg-jobs=", "--pg-reps=", "--pg-workers=");

  private Goals() {}

  public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
    List<String> arguments = List.of(args);
    boolean full = arguments.contains("--full");
    checkArguments(arguments, full);
    int rounds = localRounds(arguments, full);
    boolean postgresOnly = arguments.contains("--postgres-only");
    boolean localOnly = arguments.contains("--local-only");
    PostgresHarness.Settings postgresSettings =
        new PostgresHarness.Settings(
            intOption(arguments, "--pg-jobs=", full ? PostgresHarness.GOAL_JOBS : 20_000),
            intOption(arguments, "--pg-reps=", full ? 5 : 1),
            intOption(arguments, "--pg-workers=", 8),
            full || arguments.contains("--pg-p6"),
            full || arguments.contains("--pg-peer-latency"),
            full ? 10 : 5);
    PrintStream out = System.out;
    List<String> lines = new ArrayList<>();
    LocalResults local = postgresOnly ? null : runLocal(full, rounds);
    if (local != null) {
      lines.addAll(local.goalLines());
    }
    PostgresHarness.Results postgres = localOnly ? null : PostgresHarness.run(postgresSettings);
    if (postgres != null) {
      lines.addAll(postgres.goalLines());
    }
    lines.forEach(out::println);
    if (local != null) {
      out.print(local.markdown());
    }
    if (postgres != null) {
      postgres.detailLines().forEach(out::println);
    }
    if (full) {
      Path report = Path.of(args.length > 1 ? args[args.length - 1] : "docs/benchmarks.md");
      if (!report.toString().endsWith(".md")) {
        report = Path.of("docs/benchmarks.md");
      }
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, markdown(arguments, lines, local, postgres) + keptAnalysis(report));
      out.println("wrote " + report.toAbsolutePath());
    }
  }

  /**
   * Refuses an argument the harness does not know, so that a mistyped option does not quietly run
   * the default: a report path is only taken as the last argument of {@code --full}.
   */
  static void checkArguments(List<String> arguments, boolean full) {
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      boolean known =
          FLAGS.contains(argument)
              || NUMBER_OPTIONS.stream().anyMatch(argument::startsWith)
              || (full && i == arguments.size() - 1 && argument.endsWith(".md"));
      if (!known) {
        throw new IllegalArgumentException(
            "unknown argument '"
                + argument
                + "': the benchmarks take "
                + String.join(", ", FLAGS)
                + ", "
                + String.join("N, ", NUMBER_OPTIONS)
                + "N, and after --full a report path ending in .md as the last argument");
      }
    }
  }

  /**
   * The rounds of the local benchmarks: {@code --rounds=N}, else three in a full run, one in a
   * quick.
   */
  static int localRounds(List<String> arguments, boolean full) {
    int rounds = intOption(arguments, "--rounds=", full ? FULL_LOCAL_ROUNDS : 1);
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds=N must be at least 1 but was " + rounds);
    }
    return rounds;
  }

  /**
   * The hand-written part of an existing report, from its {@value #ANALYSIS_HEADING} heading on:
   * the profiles and the changes they led to outlive the run that replaces the tables.
   */
  private static String keptAnalysis(Path report) throws IOException {
    if (!Files.exists(report)) {
      return "";
    }
    String existing = Files.readString(report);
    int start = existing.indexOf(ANALYSIS_HEADING);
    return start < 0 ? "" : "\n" + existing.substring(start);
  }

  private static int intOption(List<String> arguments, String prefix, int fallback) {
    for (String argument : arguments) {
      if (argument.startsWith(prefix)) {
        try {
          return Integer.parseInt(argument.substring(prefix.length()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              prefix + "N must be a whole number but was " + argument, e);
        }
      }
    }
    return fallback;
  }

  private static String markdown(
      List<String> arguments,
      List<String> goals,
      LocalResults local,
      PostgresHarness.Results postgres) {
    StringBuilder text = new StringBuilder();
    text.append("# Benchmarks\n\n");
    text.append("Run on ")
        .append(LocalDate.now())
        .append(" with `java -jar amboy-benchmarks/target/amboy-benchmarks.jar ")
        .append(String.join(" ", arguments))
        .append("`, ");
    text.append("Java ").append(System.getProperty("java.version")).append(" (");
    text.append(System.getProperty("java.vm.name")).append("), ");
    text.append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n");
    text.append("## Goals\n\n```\n");
    goals.forEach(goal -> text.append(goal).append('\n'));
    text.append("```\n\n");
    text.append(
        local == null ? "The local queue benchmarks were not run.\n\n" : local.markdown() + "\n");
    text.append(
        postgres == null ? "The PostgreSQL benchmarks were not run.\n" : postgres.markdown());
    return text.toString();
  }

  /**
   * Rounds of the local throughput and queue-group benchmarks. Each round runs every configuration
   * in its own fork, one after another, and the figures are the medians over the rounds: on a
   * shared machine a slow phase of the host can last the whole of one fork, and with one fork per
   * configuration it would decide a ratio alone. The PostgreSQL harness interleaves its repetitions
   * for the same reason. The quick mode runs one round unless {@code --rounds=N} asks for more.
   */
  static final int FULL_LOCAL_ROUNDS = 3;

  private static ChainedOptionsBuilder base(boolean full) {
    return new OptionsBuilder()
        .forks(1)
        .jvmArgs("-Xms2g", "-Xmx2g", "-XX:+UseParallelGC")
        .warmupIterations(full ? 4 : 2)
        .warmupTime(TimeValue.seconds(full ? 2 : 1))
        .measurementIterations(full ? 5 : 3)
        .measurementTime(TimeValue.seconds(full ? 2 : 1))
        .shouldFailOnError(true);
  }

  static LocalResults runLocal(boolean full, int rounds) throws RunnerException {
    List<Collection<RunResult>> throughput = new ArrayList<>();
    List<Collection<RunResult>> group = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      throughput.add(
          new Runner(
                  base(full)
                      .include(LocalQueueThroughput.class.getSimpleName())
                      .addProfiler(GCProfiler.class)
                      .build())
              .run());
      group.add(
          new Runner(base(full).include(GroupWithIdleQueues.class.getSimpleName()).build()).run());
    }
    Collection<RunResult> latency =
        new Runner(
                base(full)
                    .include(IdleDispatchLatency.class.getSimpleName())
                    .measurementIterations(full ? 10 : 5)
                    .build())
            .run();
    return new LocalResults(throughput, latency, group);
  }

  /**
   * The numbers the local goals are computed from: throughput and group results per round, the
   * latency of one run.
   */
  record LocalResults(
      List<Collection<RunResult>> throughput,
      Collection<RunResult> latency,
      List<Collection<RunResult>> group) {

    /** The scores of one configuration, one per round, in round order. */
    double[] scores(String method, int workers) {
      return throughput.stream()
          .mapToDouble(
              round -> find(round, method, "workers", workers).getPrimaryResult().getScore())
          .toArray();
    }

    double score(String method, int workers) {
      return Medians.of(scores(method, workers));
    }

    double allocation(String method, int workers) {
      return Medians.of(
          throughput.stream()
              .mapToDouble(
                  round -> {
                    Result<?> result =
                        find(round, method, "workers", workers)
                            .getSecondaryResults()
                            .get("gc.alloc.rate.norm");
                    return result == null ? Double.NaN : result.getScore();
                  })
              .toArray());
    }

    double groupScore(int idle) {
      return Medians.of(
          group.stream()
              .mapToDouble(
                  round ->
                      find(round, "busyQueue", "idleQueues", idle).getPrimaryResult().getScore())
              .toArray());
    }

    double latencyPercentile(String method, double percentile) {
      for (RunResult result : latency) {
        if (result.getParams().getBenchmark().endsWith("." + method)) {
          return result.getPrimaryResult().getStatistics().getPercentile(percentile);
        }
      }
      throw new IllegalStateException("no latency result for " + method);
    }

    List<String> goalLines() {
      double amboy2 = score("amboyQueue", 2);
      double raw2 = score("threadPoolExecutor", 2);
      double overheadNanos = 1e9 / amboy2 - 1e9 / raw2;
      double worstScaling =
          Math.min(
              score("amboyQueue", 4) / amboy2,
              Math.min(score("amboyQueue", 16) / amboy2, score("amboyQueue", 64) / amboy2));
      List<String> lines = new ArrayList<>();
      lines.add(line("L1", amboy2 / raw2, ">= 0.35 x ThreadPoolExecutor(2)"));
      lines.add(
          String.format(
              Locale.ROOT,
              "L2 %.0f ns/job overhead, %.0f B/job (goal <= 300 ns, <= 400 B)",
              overheadNanos,
              allocation("amboyQueue", 2)));
      lines.add(
          String.format(
              Locale.ROOT,
              "L3 p50 %.1f us, p99 %.1f us (goal p50 <= 20 us, p99 <= 60 us;"
                  + " ThreadPoolExecutor(2) in the same run: p50 %.1f us, p99 %.1f us)",
              latencyPercentile("enqueueToStart", 50),
              latencyPercentile("enqueueToStart", 99),
              latencyPercentile("threadPoolExecutorSubmitToStart", 50),
              latencyPercentile("threadPoolExecutorSubmitToStart", 99)));
      lines.add(line("L4", worstScaling, ">= 0.8 x the 2-worker figure, worst of 4/16/64"));
      lines.add(line("L5", groupScore(1000) / groupScore(0), ">= 0.98 with 1,000 idle queues"));
      return lines;
    }

    String markdown() {
      StringBuilder text = new StringBuilder();
      text.append("## Local queue throughput (jobs/s, no-op jobs)\n\n");
      text.append(
          throughput.size() == 1
              ? "JMH, 1 round: every configuration in its own fork, one after another"
                  + " (`--rounds=N` runs more and reports their medians).\n\n"
              : String.format(
                  Locale.ROOT,
                  "JMH, %d rounds; each round runs every configuration in its own fork, one after"
                      + " another. Medians over the rounds, with the lowest and highest round.%n%n",
                  throughput.size()));
      text.append(
          "| workers | amboy limited-size | min–max | ThreadPoolExecutor | min–max | ratio"
              + " | amboy B/job |\n|---|---|---|---|---|---|---|\n");
      for (int workers : new int[] {2, 4, 16, 64}) {
        double[] amboy = scores("amboyQueue", workers);
        double[] raw = scores("threadPoolExecutor", workers);
        double amboyMedian = Medians.of(amboy);
        double rawMedian = Medians.of(raw);
        text.append(
            String.format(
                Locale.ROOT,
                "| %d | %,.0f | %s | %,.0f | %s | %.2f | %.0f |%n",
                workers,
                amboyMedian,
                range(amboy),
                rawMedian,
                range(raw),
                amboyMedian / rawMedian,
                allocation("amboyQueue", workers)));
      }
      return text.toString();
    }
  }

  /** The lowest and highest round, or a dash when there was one round. */
  private static String range(double[] rounds) {
    if (rounds.length == 1) {
      return "–";
    }
    return String.format(
        Locale.ROOT,
        "%,.0f–%,.0f",
        Arrays.stream(rounds).min().orElseThrow(),
        Arrays.stream(rounds).max().orElseThrow());
  }

  private static String line(String id, double ratio, String goal) {
    return String.format(Locale.ROOT, "%s %.2f (goal %s)", id, ratio, goal);
  }

  private static RunResult find(
      Collection<RunResult> results, String method, String param, int value) {
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      if (benchmark.endsWith("." + method)
          && String.valueOf(value).equals(result.getParams().getParam(param))) {
        return result;
      }
    }
    throw new IllegalStateException("no result for " + method + " with " + param + "=" + value);
  }
}
