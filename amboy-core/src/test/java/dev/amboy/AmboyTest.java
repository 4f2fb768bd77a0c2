package dev.amboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.job.Jobs;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AmboyTest {

  private final Queue queue = Queues.limitedSize("helpers", 2, 100);

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void populateAddsEveryJobAndAggregatesFailures() {
    assertThat(Amboy.populate(queue, List.of(Jobs.of("a", c -> {}), Jobs.of("b", c -> {}))))
        .isEqualTo(2);
    assertThatThrownBy(
            () ->
                Amboy.populate(
                    queue,
                    List.of(Jobs.of("a", c -> {}), Jobs.of("c", c -> {}), Jobs.of("b", c -> {}))))
        .isInstanceOf(AmboyException.class)
        .hasMessageStartingWith("2 of 3 jobs could not be put")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
    assertThat(queue.get("c")).isPresent();
  }

  @Test
  void waitIntervalNumReturnsOnceEnoughJobsCompletedAndDoesNotHang() throws Exception {
    queue.start();
    for (int i = 0; i < 5; i++) {
      queue.put(Jobs.of(c -> {}));
    }
    assertThat(Amboy.waitIntervalNum(queue, Duration.ofMillis(5), 5, Duration.ofSeconds(10)))
        .isTrue();
    long start = System.nanoTime();
    assertThat(Amboy.waitIntervalNum(queue, Duration.ofMillis(5), 6, Duration.ofMillis(200)))
        .isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void waitsHonourTheirTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    queue.put(Jobs.of("blocked", c -> release.await()));
    queue.start();
    assertThat(Amboy.wait(queue, Duration.ofMillis(100))).isFalse();
    assertThat(Amboy.waitJob(queue, "blocked", Duration.ofMillis(50))).isFalse();
    assertThat(Amboy.waitJob(queue, "missing", Duration.ofSeconds(10))).isFalse();
    release.countDown();
    assertThat(Amboy.waitInterval(queue, Duration.ofMillis(10), Duration.ofSeconds(10))).isTrue();
    assertThat(Amboy.waitJobInterval(queue, "blocked", Duration.ofMillis(5), Duration.ofSeconds(1)))
        .isTrue();
  }

  @Test
  void waitsEndWhenTheThreadIsInterrupted() throws Exception {
    queue.put(Jobs.of("never", c -> {}));
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                Amboy.wait(queue, Duration.ofMinutes(5));
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    waiter.start();
    Thread.sleep(50);
    waiter.interrupt();
    waiter.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(waiter.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void runJobEnforcesMaxTimeAndRecordsErrors() {
    Job slow =
        Jobs.of(
            "slow",
            c -> {
              Thread.sleep(10_000);
            });
    slow.updateTimeInfo(JobTimeInfo.empty().withMaxTime(Duration.ofMillis(50)));
    assertThat(Amboy.runJob(slow)).containsExactly("exceeded max time of PT0.05S");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(slow.status().completed()).isTrue();

    Job failing =
        Jobs.of(
            "failing",
            c -> {
              throw new IllegalStateException("nope");
            });
    assertThat(Amboy.runJob(failing)).containsExactly("java.lang.IllegalStateException: nope");
  }

  @Test
  void resolveErrorsIsEmptyWithoutFailures() throws Exception {
    queue.put(Jobs.of("fine", c -> {}));
    queue.start();
    assertThat(Amboy.wait(queue, Duration.ofSeconds(10))).isTrue();
    assertThat(Amboy.resolveErrors(queue)).isEmpty();
    assertThat(Amboy.extractErrors(queue)).isEmpty();
  }
}
