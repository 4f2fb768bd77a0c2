package dev.amboy.benchmarks.postgres;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * One timed run: how many jobs (or rows) were handled, the wall-clock time and the CPU time the JVM
 * spent in that window (all its threads; the database's CPU is not included).
 *
 * @param jobs the jobs or rows handled in the timed window
 * @param nanos wall-clock time of the window
 * @param cpuNanos CPU time of this JVM process in the window, or -1 when the JVM does not report it
 */
record Measurement(long jobs, long nanos, long cpuNanos) {

  private static final String PREFIX = "RESULT ";

  double perSecond() {
    return jobs * 1e9 / nanos;
  }

  double cpuSeconds() {
    return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e9;
  }

  /** Runs {@code work}, which returns how many jobs it handled, and times it. */
  static Measurement time(Callable<Long> work) throws Exception {
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    long jobs = work.call();
    long nanos = System.nanoTime() - t0;
    long cpu1 = processCpuNanos();
    return new Measurement(jobs, nanos, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The line a trial process prints for the harness. */
  String toLine() {
    return String.format(Locale.ROOT, "%s%d %d %d", PREFIX, jobs, nanos, cpuNanos);
  }

  /** Parses the harness line of a trial process, or returns null when {@code line} is not one. */
  static Measurement parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = line.substring(PREFIX.length()).trim().split(" ");
    return new Measurement(
        Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
  }
}
