package dev.amboy.benchmarks.postgres;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * One timed run: how many jobs (or rows) were handled, the wall-clock time, the CPU time the JVM
 * and the database server spent in that window and, for latency trials, percentiles of enqueue →
 * start.
 *
 * @param jobs the jobs or rows handled in the timed window
 * @param nanos wall-clock time of the window
 * @param cpuNanos CPU time of this JVM process in the window, or -1 when the JVM does not report it
 * @param databaseCpuNanos CPU time of the database server in the window, or -1 when it is not on
 *     this machine
 * @param p50Micros median enqueue → start latency in microseconds, or -1 for throughput trials
 * @param p99Micros 99th percentile of the same, or -1
 */
record Measurement(
    long jobs, long nanos, long cpuNanos, long databaseCpuNanos, long p50Micros, long p99Micros) {

  private static final String PREFIX = "RESULT ";

  double perSecond() {
    return jobs * 1e9 / nanos;
  }

  double cpuSeconds() {
    return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e9;
  }

  double databaseCpuSeconds() {
    return databaseCpuNanos < 0 ? Double.NaN : databaseCpuNanos / 1e9;
  }

  /** The same window with enqueue → start percentiles added. */
  Measurement withLatency(long p50, long p99) {
    return new Measurement(jobs, nanos, cpuNanos, databaseCpuNanos, p50, p99);
  }

  /** Runs {@code work}, which returns how many jobs it handled, and times it. */
  static Measurement time(Callable<Long> work) throws Exception {
    long cpu0 = processCpuNanos();
    long db0 = DatabaseCpu.sampleNanos();
    long t0 = System.nanoTime();
    long jobs = work.call();
    long nanos = System.nanoTime() - t0;
    long db1 = DatabaseCpu.sampleNanos();
    long cpu1 = processCpuNanos();
    return new Measurement(
        jobs,
        nanos,
        cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
        db0 < 0 || db1 < 0 ? -1 : db1 - db0,
        -1,
        -1);
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
    return String.format(
        Locale.ROOT,
        "%s%d %d %d %d %d %d",
        PREFIX,
        jobs,
        nanos,
        cpuNanos,
        databaseCpuNanos,
        p50Micros,
        p99Micros);
  }

  /** Parses the harness line of a trial process, or returns null when {@code line} is not one. */
  static Measurement parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = line.substring(PREFIX.length()).trim().split(" ");
    return new Measurement(
        Long.parseLong(parts[0]),
        Long.parseLong(parts[1]),
        Long.parseLong(parts[2]),
        Long.parseLong(parts[3]),
        Long.parseLong(parts[4]),
        Long.parseLong(parts[5]));
  }
}
