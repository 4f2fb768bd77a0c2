package dev.amboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.DuplicateJobException;
import dev.amboy.Queue;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IntervalQueueOperationTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final SettableClock clock = new SettableClock(T0);
  private final Queue queue = Queues.limitedSize(LocalQueueOptions.builder("scheduled").build());
  private final List<ScheduledOperation> operations = new ArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();

  @AfterEach
  void stopEverything() {
    operations.forEach(ScheduledOperation::stop);
    queue.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
  }

  /**
   * Asserts that a condition stays true for a while (the scheduler checks the clock every 25ms).
   */
  private static ConditionFactory throughout() {
    return await()
        .during(Duration.ofMillis(150))
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(10));
  }

  private ScheduledOperation start(
      Schedule schedule, QueueOperationConfig config, QueueOperation op) {
    ScheduledOperation operation =
        IntervalQueueOperation.start("test-op", queue, schedule, config, op, clock);
    operations.add(operation);
    return operation;
  }

  /** Puts a job with a new id on each run. */
  private QueueOperation putNewJob() {
    return QueueOperations.job(() -> Jobs.of("job-" + sequence.incrementAndGet(), c -> {}));
  }

  private Instant awaitNextRun(ScheduledOperation operation) {
    eventually().until(() -> operation.nextRun().isPresent());
    return operation.nextRun().orElseThrow();
  }

  private void runNext(ScheduledOperation operation) {
    long before = operation.runs() + operation.skips();
    clock.set(awaitNextRun(operation));
    eventually().until(() -> operation.runs() + operation.skips() == before + 1);
  }

  @Test
  void withoutStartAtTheFirstRunIsImmediateAndTheNextOneIntervalLater() {
    ScheduledOperation operation =
        start(Schedule.every(MINUTE), QueueOperationConfig.defaults(), putNewJob());

    eventually().until(() -> operation.runs() == 1);
    assertThat(queue.stats().total()).isEqualTo(1);
    eventually().until(() -> operation.nextRun().equals(java.util.Optional.of(T0.plus(MINUTE))));
    assertThat(operation.isRunning()).isTrue();
    assertThat(operation.name()).isEqualTo("test-op");
  }

  @Test
  void aFutureStartAtIsWaitedFor() {
    Instant startAt = T0.plus(Duration.ofMinutes(10));
    ScheduledOperation operation =
        start(Schedule.every(MINUTE, startAt), QueueOperationConfig.defaults(), putNewJob());

    assertThat(awaitNextRun(operation)).isEqualTo(startAt);
    clock.set(startAt.minusSeconds(1));
    throughout().until(() -> operation.runs() == 0);

    clock.set(startAt);
    eventually().until(() -> operation.runs() == 1);
    assertThat(awaitNextRun(operation)).isEqualTo(startAt.plus(MINUTE));
  }

  @Test
  void aPastStartAtIsAdvancedByWholeIntervalsKeepingItsPhase() {
    Instant startAt = T0.minus(Duration.ofMinutes(25));
    ScheduledOperation operation =
        start(
            Schedule.every(Duration.ofMinutes(10), startAt),
            QueueOperationConfig.defaults(),
            putNewJob());

    assertThat(awaitNextRun(operation)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    throughout().until(() -> operation.runs() == 0);
    runNext(operation);
    assertThat(awaitNextRun(operation)).isEqualTo(T0.plus(Duration.ofMinutes(15)));
  }

  @Test
  void aStartAtOnAnIntervalBoundaryInThePastRunsAtOnce() {
    ScheduledOperation operation =
        start(
            Schedule.every(Duration.ofMinutes(10), T0.minus(Duration.ofMinutes(30))),
            QueueOperationConfig.defaults(),
            putNewJob());

    eventually().until(() -> operation.runs() == 1);
  }

  @Test
  void theIntervalCountsFromTheEndOfTheRun() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.defaults(),
            q -> clock.advance(Duration.ofSeconds(5)));

    assertThat(awaitNextRun(operation)).isEqualTo(T0.plusSeconds(5).plus(MINUTE));
  }

  @Test
  void missedRunsAreNotCaughtUpInABurst() {
    ScheduledOperation operation =
        start(Schedule.every(MINUTE), QueueOperationConfig.defaults(), putNewJob());
    eventually().until(() -> operation.runs() == 1);
    awaitNextRun(operation);

    Instant later = clock.advance(Duration.ofMinutes(30));

    eventually().until(() -> operation.runs() == 2);
    throughout().until(() -> operation.runs() == 2);
    assertThat(operation.nextRun()).contains(later.plus(MINUTE));
  }

  @Test
  void jitterAddsARandomDelayWithinItsBoundToEachWait() {
    Duration jitter = Duration.ofSeconds(30);
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.builder().jitter(jitter).build(),
            putNewJob());
    eventually().until(() -> operation.runs() == 1);
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      Instant now = clock.instant();
      Duration wait = Duration.between(now, awaitNextRun(operation));
      waits.add(wait);
      runNext(operation);
    }

    assertThat(waits)
        .allSatisfy(wait -> assertThat(wait).isBetween(MINUTE, MINUTE.plus(jitter).minusNanos(1)));
    assertThat(waits.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void jitterIsDrawnFromZeroUpToItsBound() {
    Random random = new Random(42);
    Duration bound = Duration.ofSeconds(10);
    List<Duration> samples = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      samples.add(ScheduledOperationThread.jitter(bound, random));
    }

    assertThat(samples)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, bound.minusNanos(1)));
    assertThat(samples).anySatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(1)));
    assertThat(samples).anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(9)));
    assertThat(ScheduledOperationThread.jitter(Duration.ZERO, random)).isZero();
  }

  @Test
  void runsAreSkippedWhileThePendingJobsExceedTheThreshold() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.builder().threshold(2).debugLogging(true).build(),
            putNewJob());
    eventually().until(() -> operation.runs() == 1);

    runNext(operation);
    runNext(operation);
    assertThat(queue.stats().pending()).isEqualTo(3);
    runNext(operation);

    assertThat(operation.skips()).isEqualTo(1);
    assertThat(operation.runs()).isEqualTo(3);
    assertThat(queue.stats().total()).isEqualTo(3);
  }

  @Test
  void withoutRespectThresholdTheThresholdIsIgnored() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.builder().threshold(0).respectThreshold(false).build(),
            putNewJob());
    eventually().until(() -> operation.runs() == 1);
    runNext(operation);

    assertThat(operation.skips()).isZero();
    assertThat(queue.stats().total()).isEqualTo(2);
  }

  @Test
  void duplicateJobsAreIgnoredByDefaultEvenWithoutContinueOnError() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.defaults(),
            QueueOperations.job(() -> Jobs.of("singleton", c -> {})));
    eventually().until(() -> operation.runs() == 1);

    runNext(operation);
    runNext(operation);

    assertThat(operation.isRunning()).isTrue();
    assertThat(operation.failures()).isZero();
    assertThat(operation.lastError()).isEmpty();
    assertThat(queue.stats().total()).isEqualTo(1);
  }

  @Test
  void reportedDuplicatesAreFailuresThatEndTheScheduleWithoutContinueOnError() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.builder().enableDuplicateJobReporting(true).build(),
            QueueOperations.job(() -> Jobs.of("singleton", c -> {})));
    eventually().until(() -> operation.runs() == 1);
    clock.set(awaitNextRun(operation));

    eventually().until(() -> !operation.isRunning());
    assertThat(operation.failures()).isEqualTo(1);
    assertThat(operation.lastError()).containsInstanceOf(DuplicateJobException.class);
    assertThat(operation.nextRun()).isEmpty();
    eventually().until(() -> !threadNamed("amboy-op-test-op"));
  }

  @Test
  void reportedDuplicatesAreCountedWithContinueOnError() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.builder()
                .enableDuplicateJobReporting(true)
                .continueOnError(true)
                .logErrors(true)
                .build(),
            QueueOperations.job(() -> Jobs.of("singleton", c -> {})));
    eventually().until(() -> operation.runs() == 1);
    runNext(operation);
    runNext(operation);

    assertThat(operation.isRunning()).isTrue();
    assertThat(operation.failures()).isEqualTo(2);
  }

  @Test
  void withContinueOnErrorAFailingOperationKeepsRunning() {
    AtomicInteger attempts = new AtomicInteger();
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.builder().continueOnError(true).build(),
            q -> {
              throw new IllegalStateException("attempt " + attempts.incrementAndGet() + " failed");
            });
    eventually().until(() -> operation.runs() == 1);
    runNext(operation);
    runNext(operation);

    assertThat(operation.isRunning()).isTrue();
    assertThat(operation.failures()).isEqualTo(3);
    assertThat(operation.lastError())
        .hasValueSatisfying(e -> assertThat(e).hasMessage("attempt 3 failed"));
  }

  @Test
  void withoutContinueOnErrorTheFirstFailureEndsTheSchedule() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.defaults(),
            q -> {
              throw new java.io.IOException("disk full");
            });

    eventually().until(() -> !operation.isRunning());
    assertThat(operation.runs()).isEqualTo(1);
    assertThat(operation.failures()).isEqualTo(1);
    assertThat(operation.lastError())
        .hasValueSatisfying(e -> assertThat(e).hasMessage("disk full"));
    assertThat(operation.stop(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void anErrorThrownByTheOperationIsAFailureNotADeadThread() {
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.builder().continueOnError(true).build(),
            q -> {
              throw new AssertionError("broken invariant");
            });
    eventually().until(() -> operation.runs() == 1);
    runNext(operation);

    assertThat(operation.isRunning()).isTrue();
    assertThat(operation.failures()).isEqualTo(2);
    assertThat(operation.lastError()).containsInstanceOf(AssertionError.class);
  }

  @Test
  void stopEndsAWaitingScheduleAtOnceAndItsThread() {
    ScheduledOperation operation =
        start(Schedule.every(Duration.ofDays(1)), QueueOperationConfig.defaults(), putNewJob());
    eventually().until(() -> operation.runs() == 1);
    awaitNextRun(operation);
    assertThat(threadNamed("amboy-op-test-op")).isTrue();

    assertThat(operation.stop(Duration.ofSeconds(5))).isTrue();

    assertThat(operation.isRunning()).isFalse();
    assertThat(operation.nextRun()).isEmpty();
    assertThat(threadNamed("amboy-op-test-op")).isFalse();
    clock.advance(Duration.ofDays(2));
    throughout().until(() -> operation.runs() == 1);
  }

  @Test
  void stopWaitsForARunInProgress() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.defaults(),
            q -> {
              started.countDown();
              release.await();
              finished.incrementAndGet();
            });
    started.await();
    AtomicReference<Boolean> stopped = new AtomicReference<>();
    Thread stopper = new Thread(() -> stopped.set(operation.stop(Duration.ofSeconds(10))));
    stopper.start();
    eventually().until(() -> !operation.isRunning());

    release.countDown();
    stopper.join(10_000);

    assertThat(stopped.get()).isTrue();
    assertThat(finished.get()).isEqualTo(1);
    assertThat(operation.failures()).isZero();
  }

  @Test
  void aRunThatOutlastsTheStopTimeoutIsInterrupted() {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.defaults(),
            q -> {
              started.countDown();
              never.await();
            });
    eventually().until(() -> started.getCount() == 0);

    assertThat(operation.stop(Duration.ofMillis(50))).isFalse();

    eventually().until(() -> !threadNamed("amboy-op-test-op"));
    assertThat(operation.failures()).isZero();
    assertThat(operation.lastError()).isEmpty();
  }

  @Test
  void anOperationCanStopItsOwnSchedule() {
    AtomicReference<ScheduledOperation> self = new AtomicReference<>();
    AtomicReference<Boolean> result = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(1);
    ScheduledOperation operation =
        start(
            Schedule.every(MINUTE),
            QueueOperationConfig.defaults(),
            q -> {
              ready.await();
              result.set(self.get().stop(Duration.ofSeconds(5)));
            });
    self.set(operation);
    ready.countDown();

    eventually().until(() -> !threadNamed("amboy-op-test-op"));
    assertThat(result.get()).isFalse();
    assertThat(operation.runs()).isEqualTo(1);
    assertThat(operation.isRunning()).isFalse();
  }

  @Test
  void aCronScheduleRunsAtItsTimesAndOnceAfterAJump() {
    clock.set(Instant.parse("2026-03-01T12:01:30Z"));
    ScheduledOperation operation =
        start(Schedule.cron("0 */5 * * * *"), QueueOperationConfig.defaults(), putNewJob());

    assertThat(awaitNextRun(operation)).isEqualTo(Instant.parse("2026-03-01T12:05:00Z"));
    throughout().until(() -> operation.runs() == 0);
    runNext(operation);
    assertThat(awaitNextRun(operation)).isEqualTo(Instant.parse("2026-03-01T12:10:00Z"));

    clock.set(Instant.parse("2026-03-01T13:07:10Z"));
    eventually().until(() -> operation.runs() == 2);
    assertThat(awaitNextRun(operation)).isEqualTo(Instant.parse("2026-03-01T13:10:00Z"));
    throughout().until(() -> operation.runs() == 2);
  }

  @Test
  void aCronScheduleReadsItsFieldsInItsZone() {
    clock.set(Instant.parse("2026-03-01T00:00:00Z"));
    ScheduledOperation operation =
        start(
            Schedule.cron("0 30 9 * * *", ZoneId.of("Asia/Tokyo")),
            QueueOperationConfig.defaults(),
            putNewJob());

    assertThat(awaitNextRun(operation)).isEqualTo(Instant.parse("2026-03-01T00:30:00Z"));
  }

  @Test
  void aScheduleThatDoesNotMoveForwardEndsWithAnError() {
    Schedule stuck =
        new Schedule() {
          @Override
          public Instant firstRun(Instant now) {
            return now;
          }

          @Override
          public Instant nextRun(Instant previousDue, Instant now) {
            return now;
          }

          @Override
          public String toString() {
            return "stuck";
          }
        };
    ScheduledOperation operation = start(stuck, QueueOperationConfig.defaults(), putNewJob());

    eventually().until(() -> !operation.isRunning());
    assertThat(operation.runs()).isEqualTo(1);
    assertThat(operation.lastError())
        .hasValueSatisfying(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("schedule stuck gave next run"));
  }

  @Test
  void intervalsShorterThanAMillisecondAreRejected() {
    assertThatThrownBy(() -> Schedule.every(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval must be >= 1ms but was PT0.000999999S");
    assertThatThrownBy(() -> Schedule.every(null))
        .hasMessageStartingWith("interval must be >= 1ms but was null");
    assertThatThrownBy(() -> Schedule.every(MINUTE, null))
        .hasMessage("startAt must be set but was null");
    assertThat(Schedule.every(Duration.ofMillis(1))).isNotNull();
  }

  @Test
  void everyMissingArgumentIsReportedAtOnce() {
    assertThatThrownBy(
            () -> IntervalQueueOperation.start("bad name!", null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid interval queue operation: ")
        .hasMessageContaining("name must be 1-200 letters, digits or . _ : @ -")
        .hasMessageContaining("but was 'bad name!'")
        .hasMessageContaining("queue must be set but was null")
        .hasMessageContaining("schedule must be set but was null")
        .hasMessageContaining("config must be set but was null")
        .hasMessageContaining("operation must be set but was null")
        .hasMessageContaining("clock must be set but was null");
  }

  @Test
  void aNegativeStopTimeoutIsRejected() {
    ScheduledOperation operation =
        start(Schedule.every(MINUTE), QueueOperationConfig.defaults(), putNewJob());

    assertThatThrownBy(() -> operation.stop(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be >= 0 but was PT-1S");
  }

  @Test
  void theConfigRejectsEveryInvalidValueAtOnce() {
    assertThatThrownBy(
            () ->
                QueueOperationConfig.builder().threshold(-1).jitter(Duration.ofSeconds(-5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid queue operation config: threshold must be >= 0 but was -1; jitter must be >= 0"
                + " but was PT-5S");
    assertThatThrownBy(() -> QueueOperationConfig.builder().jitter(Duration.ofDays(366)).build())
        .hasMessage("invalid queue operation config: jitter must be <= PT8760H but was PT8784H");
    assertThatThrownBy(() -> QueueOperationConfig.builder().jitter(null).build())
        .hasMessage("invalid queue operation config: jitter must be >= 0 but was null");
    assertThat(QueueOperationConfig.defaults())
        .isEqualTo(new QueueOperationConfig(false, false, false, false, 0, false, Duration.ZERO));
  }

  private static boolean threadNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
  }
}
