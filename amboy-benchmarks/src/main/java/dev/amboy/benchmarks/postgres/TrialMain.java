package dev.amboy.benchmarks.postgres;

import java.io.PrintStream;

/**
 * Entry point of one forked trial JVM: {@code TrialMain <trial> <schema> <count> <workers> [<jobs
 * per second>]}, with the server in {@code AMBOY_BENCH_JDBC_URL}. Runs the trial once to warm the
 * JVM up ({@link Trial#warmUpCount}), then the measured run, and prints one result line for {@link
 * PostgresHarness}.
 */
public final class TrialMain {

  private TrialMain() {}

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
    trial.run(url, args[1] + "_warm", trial.warmUpCount(count), workers, rate);
    Measurement measurement = trial.run(url, args[1], count, workers, rate);
    PrintStream out = System.out;
    out.println(measurement.toLine());
    out.flush();
    System.exit(0);
  }
}
