package dev.amboy.benchmarks.postgres;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * Entry point of one forked trial JVM: {@code TrialMain <trial> <schema> <count> <workers> [<jobs
 * per second>]}, with the server in {@code AMBOY_BENCH_JDBC_URL}. Warms the JVM up ({@link
 * #warmUp}), then makes the measured run and prints one result line for {@link PostgresHarness}.
 */
public final class TrialMain {

  /**
   * A warm-up run that kept the JIT compilers busy for more than this share of its wall time is
   * followed by another. A JVM that has compiled its hot paths spends 5-8% of a run compiling
   * (amboy's batched burn-down, 20,000 jobs per run); one that has not, 20-100%.
   */
  static final double SETTLED_COMPILE_SHARE = 0.10;

  /** The warm-up stops after the run that ends past this, settled or not. */
  static final Duration WARM_UP_LIMIT = Duration.ofSeconds(20);

  /** How the line that reports the warm-up starts. */
  static final String WARM_UP_PREFIX = "WARM-UP ";

  private TrialMain() {}

  /**
   * Runs the trial's warm-up ({@link Trial#warmUpCount}) until the JIT compilers have settled:
   * until a run spent less than {@link #SETTLED_COMPILE_SHARE} of its wall time compiling, or until
   * {@link #WARM_UP_LIMIT}. One warm-up run of a fixed size left the measured run compiling:
   * amboy's batched burn-down compiled for 2.9 s of the first 20,000 jobs after it and for 0.5-0.9
   * s of each 20,000 until about 140,000 jobs, at three times the JVM CPU per job of a settled run
   * (the enqueue → start latency at 700 jobs/s: p99 25 ms in the first 5 s run after the warm-up,
   * 9-15 ms once settled). Every system warms up by the same rule; the JVMs that compile longer
   * warm up longer.
   */
  static String warmUp(Trial trial, String url, String schema, int count, int workers, double rate)
      throws Exception {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
    long begun = System.nanoTime();
    long deadline = begun + WARM_UP_LIMIT.toNanos();
    for (int run = 0; ; run++) {
      long compiledBefore = measurable ? compiler.getTotalCompilationTime() : 0;
      long started = System.nanoTime();
      trial.run(url, schema + "_warm" + run, trial.warmUpCount(count), workers, rate);
      long ended = System.nanoTime();
      double compileShare =
          measurable
              ? (compiler.getTotalCompilationTime() - compiledBefore) * 1e6 / (ended - started)
              : 0;
      if (compileShare < SETTLED_COMPILE_SHARE || ended - deadline >= 0) {
        return String.format(
            Locale.ROOT,
            "%s%d runs of %,d in %.1f s, %.0f%% of the last run compiling",
            WARM_UP_PREFIX,
            run + 1,
            trial.warmUpCount(count),
            (ended - begun) / 1e9,
            compileShare * 100);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4 && args.length != 5) {
      throw new IllegalArgumentException(
          "usage: TrialMain <trial> <schema> <count> <workers> [<jobs per second>] but got "
              + args.length
              + " arguments");
    }
    String url = BenchDatabase.externalUrl();
    if (url == null) {
      throw new IllegalStateException(
          BenchDatabase.URL_VARIABLE + " must name the server but was not set");
    }
    Trial trial = Trial.valueOf(args[0]);
    int count = Integer.parseInt(args[2]);
    int workers = Integer.parseInt(args[3]);
    double rate = args.length == 5 ? Double.parseDouble(args[4]) : 0;
    String warmUp = warmUp(trial, url, args[1], count, workers, rate);
    Measurement measurement = trial.run(url, args[1], count, workers, rate);
    PrintStream out = System.out;
    out.println(warmUp);
    out.println(measurement.toLine());
    out.flush();
    System.exit(0);
  }
}
