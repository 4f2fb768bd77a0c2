package dev.amboy.benchmarks.local;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.QueueListener;
import dev.amboy.queue.LocalQueueGroupOptions;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of one busy queue in a local queue group that also holds 0 or 1,000 idle queues (goal
 * L5). Setup fails if the idle queues hold any thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GroupWithIdleQueues {

  static final int BATCH = 10_000;

  @Param({"0", "1000"})
  int idleQueues;

  private QueueGroup group;
  private Queue busy;
  private final LongAdder done = new LongAdder();

  @Setup(Level.Trial)
  public void start() {
    group =
        Queues.localGroup(
            LocalQueueGroupOptions.builder("bench-group")
                .template(
                    LocalQueueOptions.builder("template").workers(2).capacity(4 * BATCH).build())
                .ttl(Duration.ofHours(1))
                .build());
    group.start();
    for (int i = 0; i < idleQueues; i++) {
      group.get("idle-" + i);
    }
    long idleThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("amboy-idle-"))
            .count();
    if (idleThreads != 0) {
      throw new IllegalStateException(idleThreads + " threads belong to idle queues");
    }
    busy = group.get("busy");
    busy.addListener(
        new QueueListener() {
          @Override
          public void onJobCompleted(Queue q, Job job) {
            done.increment();
          }
        });
  }

  @TearDown(Level.Trial)
  public void stop() {
    group.close(Duration.ofSeconds(5));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void busyQueue() {
    long target = done.sum() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      busy.put(new NoopJob());
    }
    while (done.sum() < target) {
      Thread.onSpinWait();
    }
  }
}
