package dev.amboy.benchmarks.postgres;

import java.io.PrintStream;

/**
 * Entry point of one forked trial JVM: {@code TrialMain <trial> <schema> <count> <workers>}, with
 * the server in {@code AMBOY_BENCH_JDBC_URL}. Prints one result line for {@link PostgresHarness}.
 */
public final class TrialMain {

  private TrialMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: TrialMain <trial> <schema> <count> <workers> but got "
              + args.length
              + " arguments");
    }
    String url = BenchDatabase.externalUrl();
    if (url == null) {
      throw new IllegalStateException(
          BenchDatabase.URL_VARIABLE + " must name the server but was not set");
    }
    Trial trial = Trial.valueOf(args[0]);
    Measurement measurement =
        trial.run(url, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    PrintStream out = System.out;
    out.println(measurement.toLine());
    out.flush();
    System.exit(0);
  }
}
