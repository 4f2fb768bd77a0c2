package dev.amboy.benchmarks.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueListener;
import dev.amboy.postgres.PostgresQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of several worker JVMs sharing one queue (goal P7): {@code WorkerJvmMain <schema> <workers>
 * <jobs> <index>}, with the server in {@code AMBOY_BENCH_JDBC_URL}. It warms up with burn-downs in
 * a schema of its own, sized from the measured {@code <jobs>} and repeated until its JIT compilers
 * have settled (the rule every trial JVM follows, {@link TrialMain#warmUp}), opens the shared queue
 * (filled by {@link WorkerJvms}), prints {@code READY} with how its warm-up went and then follows
 * the harness's lines on standard input: {@code GO} starts the queue's workers, {@code STOP} closes
 * the queue and prints what this JVM did: job runs, completions, the instant of its last
 * completion, its CPU time and its JIT compilers' time since {@code GO}.
 */
public final class WorkerJvmMain {

  static final String READY = "READY";
  static final String GO = "GO";
  static final String STOP = "STOP";
  static final String RESULT = "JVM_RESULT ";

  private WorkerJvmMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: WorkerJvmMain <schema> <workers> <jobs> <index> but got "
              + args.length
              + " arguments");
    }
    String url = BenchDatabase.externalUrl();
    if (url == null) {
      throw new IllegalStateException(
          BenchDatabase.URL_VARIABLE + " must name the server but was not set");
    }
    String schema = args[0];
    int workers = Integer.parseInt(args[1]);
    int jobs = Integer.parseInt(args[2]);
    String warmedUp =
        TrialMain.warmUp(Trial.AMBOY_BATCHED, url, schema + "_warm_" + args[3], jobs, workers, 0);
    NoopPostgresJob.RUNS.reset();

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = System.out;
    try (HikariDataSource pool = BenchDatabase.pool(url, workers + 4, null)) {
      PostgresQueue queue = AmboyTrials.queue(pool, schema, workers, true);
      LongAdder completions = new LongAdder();
      AtomicLong lastCompletion = new AtomicLong();
      queue.addListener(
          new QueueListener() {
            @Override
            public void onJobCompleted(Queue source, Job job) {
              completions.increment();
              lastCompletion.accumulateAndGet(epochMicros(), Math::max);
            }
          });
      out.println(READY + " " + warmedUp);
      out.flush();
      expect(in, GO);
      long cpu0 = Measurement.processCpuNanos();
      long compile0 = compileMillis();
      queue.start();
      expect(in, STOP);
      queue.close(Duration.ofSeconds(30));
      long cpu1 = Measurement.processCpuNanos();
      long compile1 = compileMillis();
      out.println(
          String.format(
              Locale.ROOT,
              "%s%d %d %d %d %d",
              RESULT,
              NoopPostgresJob.RUNS.sum(),
              completions.sum(),
              lastCompletion.get(),
              cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
              compile0 < 0 || compile1 < 0 ? -1 : compile1 - compile0));
      out.flush();
    }
    System.exit(0);
  }

  /** Time the JIT compilers spent so far, or -1 when the JVM does not report it. */
  private static long compileMillis() {
    CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
    return compilation != null && compilation.isCompilationTimeMonitoringSupported()
        ? compilation.getTotalCompilationTime()
        : -1;
  }

  /** Microseconds since the epoch: comparable between the JVMs of one machine. */
  static long epochMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static void expect(BufferedReader in, String command) throws java.io.IOException {
    String line = in.readLine();
    if (!command.equals(line)) {
      throw new IllegalStateException(
          "expected '" + command + "' from the harness but read " + line);
    }
  }
}
