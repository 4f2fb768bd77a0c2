package dev.amboy.benchmarks;

import java.util.Arrays;

/** The median both harnesses report: robust to the one slow run a shared machine throws in. */
public final class Medians {

  private Medians() {}

  /** The median of the values; of an even count, the mean of the middle two. */
  public static double of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
