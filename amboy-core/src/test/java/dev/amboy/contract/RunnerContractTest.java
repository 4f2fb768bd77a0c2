package dev.amboy.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.Runner;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every runner must have, run with every worker count of {@link #workerCounts()}
 * against the default in-memory queue. Subclasses say how to build the runner under test.
 */
@ParameterizedClass(name = "{0} workers")
@MethodSource("workerCounts")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class RunnerContractTest {

  protected static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMES = new AtomicInteger();

  @Parameter(0)
  protected int workers;

  private final List<Queue> opened = new ArrayList<>();

  static Stream<Integer> workerCounts() {
    return QueueContractTest.workerCounts();
  }

  /** Builds the runner under test with {@code workers} workers. */
  protected abstract Runner newRunner(int workers);

  /** A started default queue driven by a new runner under test. */
  protected Queue startedQueue() {
    Queue queue =
        Queues.limitedSize(
            LocalQueueOptions.builder("runner-" + NAMES.incrementAndGet())
                .capacity(10_000)
                .build());
    queue.setRunner(newRunner(workers));
    opened.add(queue);
    queue.start();
    return queue;
  }

  @AfterEach
  void closeQueues() {
    opened.forEach(queue -> queue.close(Duration.ZERO));
  }

  @Test
  void runsJobsOnNamedWorkerThreadsNoMoreThanItsWorkersAtOnce() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = startedQueue();
    for (int i = 0; i < 10 * workers; i++) {
      queue.put(new ContractJob("job-" + i, ledger).sleep(5));
    }
    assertThat(Amboy.wait(queue, WAIT)).isTrue();

    assertThat(ledger.allRuns()).hasSize(10 * workers);
    assertThat(ledger.maxConcurrency()).isBetween(1, workers);
    assertThat(ledger.thread("job-0")).matches("amboy-" + queue.id() + "-worker-\\d+");
    assertThat(queue.runner().workers()).isEqualTo(workers);
  }

  @Test
  void runsAsManyJobsAtOnceAsItHasWorkers() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = startedQueue();
    for (int i = 0; i < workers + 2; i++) {
      queue.put(new ContractJob("gate-" + i, ledger).waitForGate());
    }
    await().atMost(WAIT).until(() -> ledger.running() == workers);
    Thread.sleep(50);
    assertThat(ledger.running()).isEqualTo(workers);
    ledger.openGate();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(ledger.allRuns()).hasSize(workers + 2);
  }

  @Test
  void aJobThatThrowsOrErrsIsCompletedAndTheWorkerLivesOn() throws Exception {
    Queue queue = startedQueue();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 4 * workers; i++) {
      int n = i;
      queue.put(
          Jobs.of(
              "failing-" + i,
              ctx -> {
                threads.add(Thread.currentThread().getName());
                if (n % 2 == 0) {
                  throw new IllegalArgumentException("bad input " + n);
                }
                throw new AssertionError("assertion " + n);
              }));
    }
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(queue.get("failing-0").orElseThrow().errors())
        .containsExactly("java.lang.IllegalArgumentException: bad input 0");
    assertThat(queue.get("failing-1").orElseThrow().errors())
        .containsExactly("java.lang.AssertionError: assertion 1");

    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 2 * workers; i++) {
      queue.put(Jobs.of("after-" + i, ctx -> ran.incrementAndGet()));
    }
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(ran).hasValue(2 * workers);
    assertThat(threads.size()).isLessThanOrEqualTo(workers);
  }

  @Test
  void maxTimeInterruptsTheJobAndTheContextReportsIt() throws Exception {
    Queue queue = startedQueue();
    AtomicInteger cancelledSeen = new AtomicInteger();
    Job job =
        Jobs.of(
            "sleeper",
            ctx -> {
              assertThat(ctx.deadline()).isPresent();
              try {
                Thread.sleep(30_000);
              } catch (InterruptedException e) {
                if (ctx.isCancelled()) {
                  cancelledSeen.incrementAndGet();
                }
                throw e;
              }
            });
    job.updateTimeInfo(JobTimeInfo.empty().withMaxTime(Duration.ofMillis(100)));
    queue.put(job);
    assertThat(Amboy.waitJob(queue, "sleeper", WAIT)).isTrue();
    assertThat(cancelledSeen).hasValue(1);
    assertThat(queue.get("sleeper").orElseThrow().errors())
        .containsExactly("exceeded max time of PT0.1S");

    queue.put(Jobs.of("next", JobContext::checkCancelled));
    assertThat(Amboy.waitJob(queue, "next", WAIT)).isTrue();
    assertThat(queue.get("next").orElseThrow().errors()).isEmpty();
  }

  @Test
  void closeDrainsThenInterruptsAndReleases() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = startedQueue();
    queue.put(new ContractJob("quick", ledger).sleep(200));
    queue.put(new ContractJob("stuck", ledger).waitForGate());
    await()
        .atMost(WAIT)
        .until(() -> ledger.started("stuck") && (workers == 1 || ledger.started("quick")));
    if (workers == 1) {
      ledger.openGate();
      assertThat(Amboy.wait(queue, WAIT)).isTrue();
      return;
    }

    long before = System.nanoTime();
    queue.runner().close(Duration.ofMillis(600));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

    assertThat(tookMillis).isGreaterThanOrEqualTo(550);
    assertThat(ledger.runs("quick")).isEqualTo(1);
    assertThat(ledger.wasInterrupted("stuck")).isTrue();
    JobStatus stuck = queue.get("stuck").orElseThrow().status();
    assertThat(stuck.completed()).isFalse();
    assertThat(stuck.inProgress()).isFalse();
    assertThat(queue.stats().pending()).isEqualTo(1);
  }

  @Test
  void interceptorsWrapEveryRunOnTheWorkerThreadInOrder() throws Exception {
    Queue queue = startedQueue();
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    queue.addInterceptor(
        (q, job, context, invocation) -> {
          events.add("outer-before " + job.id() + " " + Thread.currentThread().getName());
          try {
            invocation.proceed();
          } finally {
            events.add("outer-after " + job.id());
          }
        });
    queue.addInterceptor(
        (q, job, context, invocation) -> {
          events.add("inner-before " + job.id() + " attempt " + context.attempt());
          invocation.proceed();
          events.add("inner-after " + job.id());
        });
    queue.put(Jobs.of("wrapped", ctx -> events.add("run wrapped")));
    assertThat(Amboy.waitJob(queue, "wrapped", WAIT)).isTrue();
    assertThat(events)
        .containsExactly(
            "outer-before wrapped amboy-" + queue.id() + "-worker-1",
            "inner-before wrapped attempt 1",
            "run wrapped",
            "inner-after wrapped",
            "outer-after wrapped");

    queue.put(
        Jobs.of(
            "failing",
            ctx -> {
              throw new IllegalStateException("inside");
            }));
    assertThat(Amboy.waitJob(queue, "failing", WAIT)).isTrue();
    assertThat(queue.get("failing").orElseThrow().errors())
        .containsExactly("java.lang.IllegalStateException: inside");
    assertThat(events).contains("outer-after failing").doesNotContain("inner-after failing");
  }

  @Test
  void lifecycleRulesAreEnforced() {
    Runner runner = newRunner(workers);
    assertThat(runner.isStarted()).isFalse();
    assertThatThrownBy(runner::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no queue");
    Queue queue = startedQueue();
    queue.runner().start();
    assertThat(queue.runner().isStarted()).isTrue();
    Queue other = Queues.limitedSize("other-" + NAMES.incrementAndGet(), 1, 10);
    assertThatThrownBy(() -> queue.runner().setQueue(other))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void idleWorkersExitAndComeBackWhenWorkArrives() throws Exception {
    Queue queue =
        Queues.limitedSize(LocalQueueOptions.builder("idle-" + NAMES.incrementAndGet()).build());
    queue.setRunner(newIdleRunner(workers, Duration.ofMillis(100)));
    opened.add(queue);
    queue.start();
    String prefix = "amboy-" + queue.id() + "-worker-";
    assertThat(liveThreads(prefix)).as("no work, no thread").isZero();

    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 3 * workers; i++) {
      queue.put(Jobs.of(ctx -> ran.incrementAndGet()));
    }
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    await().atMost(WAIT).until(() -> liveThreads(prefix) == 0);

    queue.put(Jobs.of("again", ctx -> ran.incrementAndGet()));
    assertThat(Amboy.waitJob(queue, "again", WAIT)).isTrue();
    assertThat(ran).hasValue(3 * workers + 1);
  }

  /** Builds the runner under test with the given idle timeout. */
  protected abstract Runner newIdleRunner(int workers, Duration idleTimeout);

  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
        .count();
  }
}
