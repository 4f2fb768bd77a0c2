package dev.amboy.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.DuplicateJobException;
import dev.amboy.Job;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.QueueClosedException;
import dev.amboy.QueueStats;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.pool.Runners;
import dev.amboy.registry.JobRegistry;
import dev.amboy.retry.Backoff;
import dev.amboy.retry.RetryInfo;
import dev.amboy.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every queue kind must have, local or PostgreSQL, run with every worker count that
 * {@link #workerCounts()} returns (1, 2, 4 and 8; more with {@code -Damboy.contract.workers}).
 * Subclasses say how to build the queue under test and its runner.
 */
@ParameterizedClass(name = "{0} workers")
@MethodSource("workerCounts")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class QueueContractTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMES = new AtomicInteger();

  @Parameter(0)
  protected int workers;

  private final List<Queue> opened = new ArrayList<>();
  protected final JobRegistry registry = ContractJob.register(newRegistry());

  /** The worker counts the suite runs with, from {@code amboy.contract.workers} or 1,2,4,8. */
  static Stream<Integer> workerCounts() {
    return Stream.of(System.getProperty("amboy.contract.workers", "1,2,4,8").split(","))
        .map(String::trim)
        .map(Integer::valueOf);
  }

  /**
   * What the suite needs of a queue under test.
   *
   * @param name a name no other queue of the test run uses
   * @param workers how many jobs may run at once
   * @param capacity the pending bound and retention for local queues
   * @param lockTimeout the queue's lock timeout
   * @param registry the registry that knows {@link ContractJob}
   */
  public record QueueSettings(
      String name, int workers, int capacity, Duration lockTimeout, JobRegistry registry) {}

  /** Builds the queue under test, with its runner set and not started. */
  protected abstract Queue newQueue(QueueSettings settings);

  /** The registry the suite stores jobs with; subclasses may add types. */
  protected JobRegistry newRegistry() {
    return new JobRegistry();
  }

  protected Queue queue() {
    return queue(10_000, Duration.ofMinutes(10));
  }

  protected Queue queue(int capacity, Duration lockTimeout) {
    Queue queue =
        newQueue(
            new QueueSettings(
                "contract-" + NAMES.incrementAndGet(), workers, capacity, lockTimeout, registry));
    opened.add(queue);
    return queue;
  }

  @AfterEach
  void closeQueues() {
    opened.forEach(queue -> queue.close(Duration.ZERO));
  }

  private static void waitUntilComplete(Queue queue) throws InterruptedException {
    assertThat(Amboy.wait(queue, WAIT)).as("queue %s finished in time", queue.id()).isTrue();
  }

  private static void assertConsistent(QueueStats stats) {
    assertThat(stats.total())
        .as("total == pending + running + completed + dropped in %s", stats)
        .isEqualTo(stats.pending() + stats.running() + stats.completed() + stats.dropped());
    assertThat(stats.pending()).isGreaterThanOrEqualTo(0);
    assertThat(stats.running()).isGreaterThanOrEqualTo(0);
    assertThat(stats.blocked()).isLessThanOrEqualTo(stats.pending());
  }

  @Test
  void putThenGetReturnsTheJobAndItRunsOnceStarted() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    ContractJob job = new ContractJob("round-trip", ledger).note("hello");
    queue.put(job);

    Job stored = queue.get("round-trip").orElseThrow();
    assertThat(stored.id()).isEqualTo("round-trip");
    assertThat(stored.type()).isEqualTo(ContractJob.TYPE);
    assertThat(stored.status().completed()).isFalse();
    assertThat(stored.timeInfo().created()).isNotNull();
    assertThat(queue.get("missing")).isEmpty();
    assertThat(queue.info().started()).isFalse();

    queue.start();
    assertThat(queue.info().started()).isTrue();
    assertThat(Amboy.waitJob(queue, "round-trip", WAIT)).isTrue();

    Job done = queue.get("round-trip").orElseThrow();
    assertThat(done.status().completed()).isTrue();
    assertThat(done.status().inProgress()).isFalse();
    assertThat(done.errors()).isEmpty();
    assertThat(((ContractJob) done).note()).isEqualTo("hello");
    JobTimeInfo times = done.timeInfo();
    assertThat(times.start()).isNotNull();
    assertThat(times.end()).isNotNull().isAfterOrEqualTo(times.start());
    assertThat(ledger.runs("round-trip")).isEqualTo(1);
  }

  @Test
  void aCallerProvidedCreatedTimeIsKept() throws Exception {
    Queue queue = queue();
    Instant created = Instant.parse("2024-01-01T00:00:00Z");
    ContractJob job = new ContractJob("old", Ledger.create());
    job.updateTimeInfo(JobTimeInfo.empty().withCreated(created));
    queue.put(job);
    queue.start();
    waitUntilComplete(queue);
    assertThat(queue.get("old").orElseThrow().timeInfo().created()).isEqualTo(created);
  }

  @Test
  void aDuplicateIdIsRejectedWhetherPendingOrCompleted() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    queue.put(new ContractJob("twice", ledger));
    assertThatThrownBy(() -> queue.put(new ContractJob("twice", ledger)))
        .isInstanceOf(DuplicateJobException.class)
        .hasMessageContaining("twice")
        .hasMessageContaining(queue.id());
    queue.start();
    waitUntilComplete(queue);
    assertThatThrownBy(() -> queue.put(new ContractJob("twice", ledger)))
        .isInstanceOf(DuplicateJobException.class);
    assertThat(Amboy.enqueueUnique(queue, new ContractJob("twice", ledger))).isFalse();
    assertThat(ledger.runs("twice")).isEqualTo(1);
    assertThat(queue.stats().total()).isEqualTo(1);
  }

  @Test
  void errorsMaxTimeEdgesAndScopesSurviveASerializationRoundTrip() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    queue.put(new ContractJob("first", ledger));
    ContractJob job = new ContractJob("traveller", ledger).failWith("boom").note("payload");
    job.updateTimeInfo(JobTimeInfo.empty().withMaxTime(Duration.ofSeconds(42)));
    job.setDependency(new CreatesFile(""));
    job.dependency().addEdge("first");
    job.setScopes(Set.of("printer", "paper"));
    job.setPriority(7);
    job.headers().put("traceparent", "00-abc-def-01");
    queue.put(job);
    queue.start();
    waitUntilComplete(queue);

    Job done = queue.get("traveller").orElseThrow();
    String json = registry.serializer().toJson(done);
    Job copy = registry.serializer().fromJson(json);

    assertThat(copy).isInstanceOf(ContractJob.class);
    assertThat(copy.id()).isEqualTo("traveller");
    assertThat(((ContractJob) copy).note()).isEqualTo("payload");
    assertThat(copy.errors()).singleElement().asString().contains("boom");
    assertThat(copy.status().completed()).isTrue();
    assertThat(copy.timeInfo().maxTime()).isEqualTo(Duration.ofSeconds(42));
    assertThat(copy.timeInfo().start()).isEqualTo(done.timeInfo().start());
    assertThat(copy.timeInfo().end()).isEqualTo(done.timeInfo().end());
    assertThat(copy.dependency()).isInstanceOf(CreatesFile.class);
    assertThat(copy.dependency().edges()).containsExactly("first");
    assertThat(copy.scopes()).containsExactlyInAnyOrder("printer", "paper");
    assertThat(copy.priority()).isEqualTo(7);
    assertThat(copy.headers()).containsEntry("traceparent", "00-abc-def-01");
    assertThat(registry.serializer().toJson(copy)).isEqualTo(json);
  }

  @Test
  void manyJobsFromSeveralProducersEachRunExactlyOnce() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    queue.start();
    int producers = 4;
    int perProducer = 250;
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        puts.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perProducer; i++) {
                    queue.put(new ContractJob("p" + producer + "-" + i, ledger));
                  }
                }));
      }
      for (Future<?> put : puts) {
        put.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    waitUntilComplete(queue);

    Map<String, Integer> runs = ledger.allRuns();
    assertThat(runs).hasSize(producers * perProducer);
    assertThat(runs.values()).allMatch(count -> count == 1);
    QueueStats stats = queue.stats();
    assertThat(stats.completed()).isEqualTo(producers * perProducer);
    assertThat(stats.total()).isEqualTo(producers * perProducer);
    assertThat(ledger.maxConcurrency()).isLessThanOrEqualTo(workers);
  }

  @Test
  void aJobWaitsUntilItsWaitUntilTimeWithoutHoldingBackOthers() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    Instant waitUntil = Instant.now().plusMillis(400);
    ContractJob later = new ContractJob("later", ledger);
    later.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(waitUntil));
    queue.put(later);
    queue.put(new ContractJob("now", ledger));
    queue.start();

    assertThat(Amboy.waitJob(queue, "now", WAIT)).isTrue();
    assertThat(ledger.started("later")).isFalse();
    assertThat(queue.stats().pending()).isEqualTo(1);
    assertThat(Amboy.waitJob(queue, "later", WAIT)).isTrue();
    Instant started = queue.get("later").orElseThrow().timeInfo().start();
    assertThat(started).isAfterOrEqualTo(waitUntil.truncatedTo(ChronoUnit.MILLIS));
    assertThat(ledger.runs("later")).isEqualTo(1);
  }

  @Test
  void aJobPastItsDispatchByTimeIsDroppedAndCounted() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    ContractJob late = new ContractJob("late", ledger);
    late.updateTimeInfo(JobTimeInfo.empty().withDispatchBy(Instant.now().plusMillis(50)));
    queue.put(late);
    queue.put(new ContractJob("in-time", ledger));
    Thread.sleep(120);
    queue.start();
    waitUntilComplete(queue);

    assertThat(ledger.started("late")).isFalse();
    assertThat(ledger.runs("in-time")).isEqualTo(1);
    QueueStats stats = queue.stats();
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(stats.completed()).isEqualTo(1);
    assertConsistent(stats);
  }

  @Test
  void jobsSharingAScopeNeverRunAtTheSameTime() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    for (int i = 0; i < 30; i++) {
      queue.put(new ContractJob("shared-" + i, ledger).scopes("printer").sleep(2));
      queue.put(new ContractJob("ab-" + i, ledger).scopes("a", "b").sleep(2));
      queue.put(new ContractJob("bc-" + i, ledger).scopes("b", "c").sleep(2));
      queue.put(new ContractJob("free-" + i, ledger).sleep(2));
    }
    queue.start();
    waitUntilComplete(queue);

    assertThat(ledger.allRuns()).hasSize(120);
    assertThat(ledger.maxConcurrency("printer")).isEqualTo(1);
    assertThat(ledger.maxConcurrency("a")).isEqualTo(1);
    assertThat(ledger.maxConcurrency("b")).isEqualTo(1);
    assertThat(ledger.maxConcurrency("c")).isEqualTo(1);
    assertThat(ledger.maxConcurrency()).isLessThanOrEqualTo(workers);
  }

  @Test
  void aThrowingJobIsCompletedWithItsErrorAndTheWorkersCarryOn() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    for (int i = 0; i < 3 * workers; i++) {
      queue.put(new ContractJob("bad-" + i, ledger).failWith("broken " + i));
    }
    queue.put(new ContractJob("good", ledger));
    queue.start();
    waitUntilComplete(queue);

    Job bad = queue.get("bad-0").orElseThrow();
    assertThat(bad.status().completed()).isTrue();
    assertThat(bad.errors())
        .singleElement()
        .asString()
        .isEqualTo("java.lang.IllegalStateException: broken 0");
    assertThat(queue.get("good").orElseThrow().errors()).isEmpty();
    assertThat(Amboy.extractErrors(queue)).hasSize(3 * workers);
    assertThat(Amboy.resolveErrors(queue)).isPresent();
  }

  @Test
  void maxTimeInterruptsTheJob() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    ContractJob slow = new ContractJob("slow", ledger).sleep(20_000);
    slow.updateTimeInfo(JobTimeInfo.empty().withMaxTime(Duration.ofMillis(150)));
    queue.put(slow);
    queue.start();
    assertThat(Amboy.waitJob(queue, "slow", Duration.ofSeconds(10))).isTrue();

    Job done = queue.get("slow").orElseThrow();
    assertThat(ledger.wasInterrupted("slow")).isTrue();
    assertThat(done.errors()).singleElement().asString().startsWith("exceeded max time");
    assertThat(done.timeInfo().duration()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void closeRejectsNewJobsAndReleasesInterruptedOnes() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    queue.put(new ContractJob("blocked", ledger).waitForGate());
    queue.start();
    await().atMost(WAIT).until(() -> ledger.started("blocked"));

    queue.close(Duration.ZERO);

    assertThat(ledger.wasInterrupted("blocked")).isTrue();
    assertThat(queue.info().closed()).isTrue();
    assertThatThrownBy(() -> queue.put(new ContractJob("too-late", ledger)))
        .isInstanceOf(QueueClosedException.class)
        .hasMessageContaining(queue.id());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JobStatus status = queue.get("blocked").orElseThrow().status();
              assertThat(status.completed()).as("an interrupted job is not completed").isFalse();
              assertThat(status.inProgress()).isFalse();
            });
    assertThat(ledger.runs("blocked")).isZero();
    QueueStats stats = queue.stats();
    assertThat(stats.pending()).isEqualTo(1);
    assertThat(stats.running()).isZero();
    assertConsistent(stats);
  }

  @Test
  void closeWithADrainTimeoutLetsRunningJobsFinish() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    queue.put(new ContractJob("finishing", ledger).sleep(300));
    queue.start();
    await().atMost(WAIT).until(() -> ledger.started("finishing"));

    queue.close(Duration.ofSeconds(20));

    assertThat(ledger.wasInterrupted("finishing")).isFalse();
    assertThat(ledger.runs("finishing")).isEqualTo(1);
    Job done = queue.get("finishing").orElseThrow();
    assertThat(done.status().completed()).isTrue();
    assertThat(done.errors()).isEmpty();
  }

  @Test
  void statsAreConsistentAtEveryObservation() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<QueueStats> seen = new ConcurrentLinkedQueue<>();
    Thread observer =
        new Thread(
            () -> {
              while (!done.get()) {
                seen.add(queue.stats());
              }
            });
    observer.start();
    queue.start();
    for (int i = 0; i < 300; i++) {
      ContractJob job = new ContractJob("s-" + i, ledger).sleep(i % 10 == 0 ? 1 : 0);
      if (i % 50 == 0) {
        job.updateTimeInfo(JobTimeInfo.empty().withDispatchBy(Instant.now().minusSeconds(1)));
      }
      if (i % 7 == 0) {
        job.setScopes(Set.of("s" + (i % 3)));
      }
      queue.put(job);
    }
    waitUntilComplete(queue);
    done.set(true);
    observer.join();

    assertThat(seen).isNotEmpty();
    seen.forEach(QueueContractTest::assertConsistent);
    QueueStats last = queue.stats();
    assertConsistent(last);
    assertThat(last.isComplete()).isTrue();
    assertThat(last.total()).isEqualTo(300);
    assertThat(last.dropped() + last.completed()).isEqualTo(300);
  }

  @Test
  void aRunningJobsLockIsPinged() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue(100, Duration.ofMillis(200));
    queue.put(new ContractJob("long", ledger).waitForGate());
    queue.start();
    await().atMost(WAIT).until(() -> ledger.started("long"));
    JobStatus first = queue.get("long").orElseThrow().status();
    assertThat(first.inProgress()).isTrue();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JobStatus now = queue.get("long").orElseThrow().status();
              assertThat(now.modificationCount())
                  .isGreaterThanOrEqualTo(first.modificationCount() + 2);
              assertThat(now.modificationTime()).isAfter(first.modificationTime());
              assertThat(now.inProgress()).isTrue();
            });
    ledger.openGate();
    assertThat(Amboy.waitJob(queue, "long", WAIT)).isTrue();
    assertThat(ledger.runs("long")).isEqualTo(1);
  }

  @Test
  void jobsListsPendingRunningAndCompletedJobs() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    queue.put(new ContractJob("done", ledger));
    queue.start();
    assertThat(Amboy.waitJob(queue, "done", WAIT)).isTrue();
    queue.put(new ContractJob("blocking", ledger).waitForGate());
    await().atMost(WAIT).until(() -> ledger.started("blocking"));
    for (int i = 0; i < workers; i++) {
      if (i > 0) {
        queue.put(new ContractJob("blocking-" + i, ledger).waitForGate());
      }
    }
    await().atMost(WAIT).until(() -> queue.stats().running() == workers);
    ContractJob waiting = new ContractJob("waiting", ledger);
    waiting.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(Instant.now().plusSeconds(600)));
    queue.put(waiting);

    try (Stream<Job> jobs = queue.jobs()) {
      Map<String, JobStatus> byId = jobs.collect(Collectors.toMap(Job::id, Job::status));
      assertThat(byId.get("done").completed()).isTrue();
      assertThat(byId.get("blocking").inProgress()).isTrue();
      assertThat(byId.get("waiting").inProgress()).isFalse();
      assertThat(byId.get("waiting").completed()).isFalse();
    }
    var report = Amboy.report(queue, -1);
    assertThat(report.completed()).contains("done");
    assertThat(report.inProgress()).contains("blocking");
    assertThat(report.pending()).contains("waiting");
    assertThat(Amboy.report(queue, 0).pending()).isEmpty();
    ledger.openGate();
  }

  @Test
  void startIsIdempotentAndTheRunnerCannotChangeAfterwards() {
    Queue queue = queue();
    queue.start();
    queue.start();
    assertThat(queue.info().started()).isTrue();
    assertThatThrownBy(() -> queue.setRunner(Runners.pool(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(queue.id());
  }

  @Test
  void savingAnUnknownJobFails() {
    Queue queue = queue();
    assertThatThrownBy(() -> queue.save(new ContractJob("nobody", Ledger.create())))
        .isInstanceOf(JobNotDefinedException.class)
        .hasMessageContaining("nobody")
        .satisfies(
            e -> {
              JobNotDefinedException error = (JobNotDefinedException) e;
              assertThat(error.jobId()).isEqualTo("nobody");
              assertThat(error.queueId()).isEqualTo(queue.id());
            });
  }

  @Test
  void completingAPendingJobMarksItDoneWithoutRunningIt() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    queue.put(new ContractJob("skip-me", ledger));
    Job pending = queue.get("skip-me").orElseThrow();
    queue.complete(pending);
    queue.start();
    waitUntilComplete(queue);
    assertThat(ledger.started("skip-me")).isFalse();
    assertThat(queue.get("skip-me").orElseThrow().status().completed()).isTrue();
    assertThat(queue.stats().completed()).isEqualTo(1);
    assertThatThrownBy(() -> queue.complete(new ContractJob("ghost", ledger)))
        .isInstanceOf(JobNotDefinedException.class);
  }

  @Test
  void aFailingJobIsRetriedByItsPolicyAndKeepsEveryAttempt() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    ContractJob flaky = new ContractJob("flaky", ledger).failFirstAttempts(2);
    flaky.setRetryPolicy(RetryPolicy.of(3, Backoff.fixed(Duration.ofMillis(20))));
    queue.put(flaky);
    queue.start();
    assertThat(Amboy.waitJob(queue, "flaky", WAIT)).isTrue();

    Job done = queue.get("flaky").orElseThrow();
    assertThat(done.errors()).isEmpty();
    RetryInfo retry = done.retryInfo();
    assertThat(retry.attempt()).isEqualTo(3);
    assertThat(retry.previous()).hasSize(2);
    assertThat(retry.previous().get(0).attempt()).isEqualTo(1);
    assertThat(retry.previous().get(0).errors())
        .containsExactly("java.lang.IllegalStateException: attempt 1 failed");
    assertThat(retry.previous().get(1).errors())
        .containsExactly("java.lang.IllegalStateException: attempt 2 failed");
    assertThat(retry.previous().get(1).start()).isAfter(retry.previous().get(0).start());
    assertThat(ledger.runs("flaky")).isEqualTo(3);
    QueueStats stats = queue.stats();
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(stats.total()).isEqualTo(1);

    Job copy = registry.serializer().fromJson(registry.serializer().toJson(done));
    assertThat(copy.retryInfo()).isEqualTo(retry);
  }

  @Test
  void retriesStopAtMaxAttemptsWithTheLastError() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    ContractJob hopeless = new ContractJob("hopeless", ledger).failFirstAttempts(10);
    hopeless.setRetryPolicy(
        RetryPolicy.of(
            2, Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.5)));
    queue.put(hopeless);
    queue.start();
    assertThat(Amboy.waitJob(queue, "hopeless", WAIT)).isTrue();
    Job done = queue.get("hopeless").orElseThrow();
    assertThat(done.errors()).containsExactly("java.lang.IllegalStateException: attempt 2 failed");
    assertThat(done.retryInfo().attempt()).isEqualTo(2);
    assertThat(ledger.runs("hopeless")).isEqualTo(2);
  }

  @Test
  void aJobCanAskToBeRetriedLater() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    ContractJob patient = new ContractJob("patient", ledger).retryLaterOnFirstAttempt(300);
    patient.setRetryPolicy(RetryPolicy.of(2, Backoff.fixed(Duration.ZERO)));
    queue.put(patient);
    queue.start();
    assertThat(Amboy.waitJob(queue, "patient", WAIT)).isTrue();
    Job done = queue.get("patient").orElseThrow();
    assertThat(done.errors()).isEmpty();
    assertThat(done.retryInfo().attempt()).isEqualTo(2);
    var first = done.retryInfo().previous().get(0);
    assertThat(first.errors()).singleElement().asString().contains("retry later");
    assertThat(Duration.between(first.end(), done.timeInfo().start()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
  }

  @Test
  void jobsPutBeforeStartWaitAndThenAllRun() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = queue();
    IntStream.range(0, 20).forEach(i -> queue.put(new ContractJob("early-" + i, ledger)));
    Thread.sleep(50);
    assertThat(ledger.startedCount()).isZero();
    assertThat(queue.stats().pending()).isEqualTo(20);
    CountDownLatch started = new CountDownLatch(1);
    new Thread(
            () -> {
              queue.start();
              started.countDown();
            })
        .start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    waitUntilComplete(queue);
    assertThat(ledger.allRuns()).hasSize(20);
  }
}
