package dev.amboy.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.Amboy;
import dev.amboy.Queue;
import dev.amboy.Runner;
import dev.amboy.internal.VirtualThreads;
import dev.amboy.job.Jobs;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RunnersTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aRateLimitedWorkerPausesAfterEveryJob() throws Exception {
    List<Long> starts = new CopyOnWriteArrayList<>();
    try (Queue queue = Queues.limitedSize("paced", 1, 100)) {
      queue.setRunner(Runners.rateLimited(RunnerOptions.ofWorkers(1), Duration.ofMillis(40)));
      for (int i = 0; i < 4; i++) {
        queue.put(Jobs.of(ctx -> starts.add(System.nanoTime())));
      }
      queue.start();
      assertThat(Amboy.wait(queue, WAIT)).isTrue();
    }
    assertThat(starts).hasSize(4);
    for (int i = 1; i < starts.size(); i++) {
      assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 1)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(39));
    }
  }

  @Test
  void runnerOptionsAreValidatedWithEveryProblemNamed() {
    assertThatThrownBy(() -> Runners.rateLimited(RunnerOptions.ofWorkers(1), Duration.ZERO))
        .hasMessageContaining("interval must be >= 1ms but was PT0S");
    assertThatThrownBy(() -> Runners.movingAverage(RunnerOptions.ofWorkers(1), 0, Duration.ZERO))
        .hasMessageContaining("target must be >= 1 but was 0")
        .hasMessageContaining("period must be >= 1ms but was PT0S");
    assertThatThrownBy(
            () -> RunnerOptions.builder().workers(0).idleTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("workers must be >= 1 but was 0")
        .hasMessageContaining("idleTimeout must be > 0");
    assertThatThrownBy(() -> Runners.single(RunnerOptions.ofWorkers(2)))
        .hasMessageContaining("exactly 1 worker");
  }

  @Test
  void theMovingAveragePauseFollowsGosFormula() {
    MovingAverageRateLimitedRunner runner =
        new MovingAverageRateLimitedRunner(RunnerOptions.ofWorkers(2), 100, Duration.ofMinutes(1));
    Duration pause = Duration.ZERO;
    for (int i = 0; i < 20; i++) {
      pause = runner.pauseAfter(Duration.ofMillis(1));
    }
    // capacity 200 jobs x 1ms = 0.2s of work per minute; excess (60s - 0.2s) x 2 workers / 100
    assertThat(pause).isEqualTo(Duration.ofNanos((60_000_000_000L - 200_000_000L) * 2 / 100));

    MovingAverageRateLimitedRunner saturated =
        new MovingAverageRateLimitedRunner(RunnerOptions.ofWorkers(1), 10, Duration.ofSeconds(1));
    assertThat(saturated.pauseAfter(Duration.ofMillis(200)))
        .as("10 jobs of 200ms exceed the period: no pause")
        .isZero();
    MovingAverageRateLimitedRunner quick =
        new MovingAverageRateLimitedRunner(RunnerOptions.ofWorkers(1), 10, Duration.ofSeconds(1));
    assertThat(quick.pauseAfter(Duration.ofMillis(1)))
        .as("10 jobs of 1ms leave 990ms to spread over 10 pauses")
        .isEqualTo(Duration.ofMillis(99));
  }

  @Test
  void theNoopRunnerRunsNothingAndBindsOneQueue() throws Exception {
    Runner none = Runners.none();
    assertThatThrownBy(() -> none.setQueue(null)).hasMessageContaining("must not be null");
    try (Queue queue = Queues.limitedSize("insert-only", 1, 10)) {
      queue.setRunner(none);
      queue.start();
      AtomicInteger ran = new AtomicInteger();
      queue.put(Jobs.of("never", ctx -> ran.incrementAndGet()));
      assertThat(Amboy.wait(queue, Duration.ofMillis(200))).isFalse();
      assertThat(ran).hasValue(0);
      assertThat(queue.stats().pending()).isEqualTo(1);
      assertThat(none.workers()).isZero();
      assertThat(none.kind()).isEqualTo("none");
      assertThatThrownBy(() -> none.setQueue(Queues.limitedSize("other", 1, 10)))
          .hasMessageContaining("insert-only");
    }
  }

  @Test
  void aThreadFactoryIsUsedForWorkers() throws Exception {
    List<String> names = new CopyOnWriteArrayList<>();
    try (Queue queue = Queues.limitedSize("factory", 1, 10)) {
      queue.setRunner(
          Runners.pool(
              RunnerOptions.builder()
                  .workers(1)
                  .threadFactory(task -> new Thread(task, "custom-thread"))
                  .build()));
      queue.put(Jobs.of(ctx -> names.add(Thread.currentThread().getName())));
      queue.start();
      assertThat(Amboy.wait(queue, WAIT)).isTrue();
    }
    assertThat(names).containsExactly("custom-thread");
  }

  @Test
  void virtualThreadsRunJobsOnJava21AndAreRefusedClearlyBefore() throws Exception {
    if (Runtime.version().feature() < 21) {
      assertThat(VirtualThreads.available()).isFalse();
      assertThatThrownBy(() -> RunnerOptions.builder().virtualThreads(true).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("virtualThreads needs Java 21 or newer but this JVM is Java");
      return;
    }
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    List<String> names = new CopyOnWriteArrayList<>();
    try (Queue queue = Queues.limitedSize("virtual", 1, 10)) {
      queue.setRunner(
          Runners.pool(RunnerOptions.builder().workers(2).virtualThreads(true).build()));
      for (int i = 0; i < 4; i++) {
        queue.put(
            Jobs.of(
                ctx -> {
                  virtual.add(VirtualThreads.isVirtual(Thread.currentThread()));
                  names.add(Thread.currentThread().getName());
                }));
      }
      queue.start();
      assertThat(Amboy.wait(queue, WAIT)).isTrue();
    }
    assertThat(virtual).hasSize(4).containsOnly(true);
    assertThat(names).allMatch(name -> name.startsWith("amboy-virtual-worker-"));
    assertThatThrownBy(
            () ->
                RunnerOptions.builder()
                    .virtualThreads(true)
                    .threadFactory(task -> new Thread(task))
                    .build())
        .hasMessageContaining("either threadFactory or virtualThreads");
  }
}
