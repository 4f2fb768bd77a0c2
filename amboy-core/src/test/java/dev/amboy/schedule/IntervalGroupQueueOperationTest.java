package dev.amboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueGroupOptions;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IntervalGroupQueueOperationTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final SettableClock clock = new SettableClock(T0);
  private final QueueGroup group =
      Queues.localGroup(
          LocalQueueGroupOptions.builder("tenants")
              .queueFactory(
                  name ->
                      Queues.limitedSize(
                          LocalQueueOptions.builder(name).workers(1).clock(clock).build()))
              .clock(clock)
              .build());
  private final List<ScheduledOperation> operations = new ArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();

  @AfterEach
  void stopEverything() {
    operations.forEach(ScheduledOperation::stop);
    group.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
  }

  private ScheduledOperation start(QueueOperationConfig config, GroupQueueOperation... ops) {
    ScheduledOperation operation =
        IntervalGroupQueueOperation.start(
            "group-op", group, Schedule.every(MINUTE), config, List.of(ops), clock);
    operations.add(operation);
    return operation;
  }

  private QueueOperation putNewJob() {
    return QueueOperations.job(() -> Jobs.of("job-" + sequence.incrementAndGet(), c -> {}));
  }

  private long total(String queue) {
    return group.queues().contains(queue) ? group.get(queue).stats().total() : 0;
  }

  private void runNext(ScheduledOperation operation) {
    eventually().until(() -> operation.nextRun().isPresent());
    long before = operation.runs() + operation.skips();
    clock.set(operation.nextRun().orElseThrow());
    eventually().until(() -> operation.runs() + operation.skips() > before);
    eventually().until(() -> operation.nextRun().isPresent());
  }

  @Test
  void eachOperationRunsOnItsNamedQueueCreatedOnFirstUse() {
    ScheduledOperation operation =
        start(
            QueueOperationConfig.defaults(),
            GroupQueueOperation.of("tenant-a", putNewJob()),
            GroupQueueOperation.of("tenant-b", putNewJob()));

    eventually().until(() -> operation.runs() == 2);
    runNext(operation);

    eventually().until(() -> operation.runs() == 4);
    assertThat(group.queues()).containsExactly("tenant-a", "tenant-b");
    assertThat(total("tenant-a")).isEqualTo(2);
    assertThat(total("tenant-b")).isEqualTo(2);
    assertThat(threadCount("amboy-op-group-op")).isEqualTo(1);
  }

  @Test
  void anOperationRunsOnlyWhenItsCheckSaysYes() {
    AtomicBoolean enabled = new AtomicBoolean();
    ScheduledOperation operation =
        start(
            QueueOperationConfig.defaults(),
            GroupQueueOperation.of("always", putNewJob()),
            GroupQueueOperation.of("sometimes", putNewJob(), enabled::get));
    eventually().until(() -> operation.runs() == 1);
    runNext(operation);

    assertThat(group.queues()).containsExactly("always");

    enabled.set(true);
    runNext(operation);
    eventually().until(() -> operation.runs() == 4);
    assertThat(total("sometimes")).isEqualTo(1);
    assertThat(total("always")).isEqualTo(3);
  }

  @Test
  void aFailureWithoutContinueOnErrorEndsTheScheduleBeforeTheNextOperation() {
    ScheduledOperation operation =
        start(
            QueueOperationConfig.defaults(),
            GroupQueueOperation.of(
                "broken",
                q -> {
                  throw new IllegalStateException("cannot build jobs for " + q.id());
                }),
            GroupQueueOperation.of("healthy", putNewJob()));

    eventually().until(() -> !operation.isRunning());
    assertThat(operation.lastError())
        .hasValueSatisfying(e -> assertThat(e).hasMessage("cannot build jobs for broken"));
    assertThat(group.queues()).containsExactly("broken");
  }

  @Test
  void withContinueOnErrorTheOtherOperationsStillRun() {
    ScheduledOperation operation =
        start(
            QueueOperationConfig.builder().continueOnError(true).logErrors(true).build(),
            GroupQueueOperation.of(
                "broken",
                q -> {
                  throw new IllegalStateException("no");
                }),
            GroupQueueOperation.of("healthy", putNewJob(), () -> true));
    eventually().until(() -> operation.runs() == 2);
    runNext(operation);

    assertThat(operation.isRunning()).isTrue();
    assertThat(operation.failures()).isEqualTo(2);
    assertThat(total("healthy")).isEqualTo(2);
  }

  @Test
  void aThrowingCheckIsAFailureOfItsOperation() {
    ScheduledOperation operation =
        start(
            QueueOperationConfig.builder().continueOnError(true).build(),
            GroupQueueOperation.of(
                "checked",
                putNewJob(),
                () -> {
                  throw new IllegalStateException("check broke");
                }));

    eventually().until(() -> operation.failures() == 1);
    assertThat(operation.runs()).isZero();
    assertThat(operation.lastError())
        .hasValueSatisfying(e -> assertThat(e).hasMessage("check broke"));
  }

  @Test
  void theThresholdAppliesToEachQueue() {
    Queue busy = Queues.limitedSize(LocalQueueOptions.builder("busy").clock(clock).build());
    busy.put(Jobs.of("waiting-1", c -> {}));
    busy.put(Jobs.of("waiting-2", c -> {}));
    group.put("busy", busy);
    ScheduledOperation operation =
        start(
            QueueOperationConfig.builder().threshold(1).build(),
            GroupQueueOperation.of("idle", putNewJob()),
            GroupQueueOperation.of("busy", putNewJob()));
    eventually().until(() -> operation.runs() + operation.skips() == 2);
    runNext(operation);
    eventually().until(() -> operation.runs() + operation.skips() == 4);

    assertThat(operation.skips()).isEqualTo(2);
    assertThat(operation.runs()).isEqualTo(2);
    assertThat(busy.stats().total()).isEqualTo(2);
    assertThat(total("idle")).isEqualTo(2);
  }

  @Test
  void atLeastOneOperationIsRequiredAndEveryProblemIsReported() {
    assertThatThrownBy(
            () ->
                IntervalGroupQueueOperation.start(
                    "group-op",
                    group,
                    Schedule.every(MINUTE),
                    QueueOperationConfig.defaults(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid interval group queue operation: operations must hold at least one"
                + " GroupQueueOperation but was empty");
    assertThatThrownBy(() -> IntervalGroupQueueOperation.start("", null, null, null, null, null))
        .hasMessageContaining("name must be 1-200 letters")
        .hasMessageContaining("group must be set but was null")
        .hasMessageContaining("operations must hold at least one GroupQueueOperation but was null")
        .hasMessageContaining("clock must be set but was null");
    assertThatThrownBy(() -> new GroupQueueOperation(" ", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid group queue operation: queue must not be blank but was ' '; operation must be"
                + " set but was null; check must be set but was null; use"
                + " GroupQueueOperation.of(queue, operation) to run every time");
  }

  private static long threadCount(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name) && thread.isAlive())
        .count();
  }
}
