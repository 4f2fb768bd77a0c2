package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.QueueFullException;
import dev.amboy.QueueListener;
import dev.amboy.QueueStats;
import dev.amboy.dependency.DependencyManager;
import dev.amboy.job.Jobs;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import dev.amboy.retry.Backoff;
import dev.amboy.retry.RetryInfo;
import dev.amboy.retry.RetryPolicy;
import dev.amboy.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitedSizeLocalQueueTest {

  private Queue queue;

  @AfterEach
  void close() {
    if (queue != null) {
      queue.close();
    }
  }

  @Test
  void aFullQueueFailsAPutAfterItsTimeoutNamingTheQueueAndCapacity() {
    queue =
        Queues.limitedSize(
            LocalQueueOptions.builder("tiny")
                .capacity(2)
                .putTimeout(Duration.ofMillis(50))
                .build());
    queue.put(Jobs.of("1", c -> {}));
    queue.put(Jobs.of("2", c -> {}));
    long start = System.nanoTime();
    assertThatThrownBy(() -> queue.put(Jobs.of("3", c -> {})))
        .isInstanceOf(QueueFullException.class)
        .hasMessageContaining("queue full")
        .hasMessageContaining("'tiny'")
        .hasMessageContaining("capacity of 2");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(45));
    assertThat(queue.stats().total()).isEqualTo(2);
  }

  @Test
  void aWaitingPutSucceedsOnceAJobIsDispatched() throws Exception {
    queue =
        Queues.limitedSize(
            LocalQueueOptions.builder("roomy")
                .capacity(1)
                .workers(1)
                .putTimeout(Duration.ofSeconds(10))
                .build());
    CountDownLatch release = new CountDownLatch(1);
    queue.put(Jobs.of("first", c -> release.await()));
    Thread starter =
        new Thread(
            () -> {
              sleep(100);
              queue.start();
            });
    starter.start();
    queue.put(Jobs.of("second", c -> {}));
    release.countDown();
    assertThat(Amboy.wait(queue, Duration.ofSeconds(10))).isTrue();
    assertThat(queue.stats().completed()).isEqualTo(2);
  }

  @Test
  void onlyTheMostRecentCompletedJobsAreRetained() throws Exception {
    queue = Queues.limitedSize(LocalQueueOptions.builder("retain").capacity(3).workers(1).build());
    queue.start();
    for (int i = 0; i < 10; i++) {
      queue.put(Jobs.of("j" + i, c -> {}));
      assertThat(Amboy.waitJob(queue, "j" + i, Duration.ofSeconds(10))).isTrue();
    }
    assertThat(queue.get("j0")).isEmpty();
    assertThat(queue.get("j6")).isEmpty();
    assertThat(queue.get("j7")).isPresent();
    assertThat(queue.get("j9")).isPresent();
    assertThat(queue.stats().completed()).isEqualTo(10);
    assertThat(queue.stats().total()).isEqualTo(10);
    try (var jobs = queue.jobs()) {
      assertThat(jobs.map(Job::id)).containsExactlyInAnyOrder("j7", "j8", "j9");
    }
  }

  @Test
  void aSavedCompletedJobKeepsItsPlaceAmongTheRetained() throws Exception {
    queue = Queues.limitedSize(LocalQueueOptions.builder("resaved").capacity(2).workers(1).build());
    queue.start();
    runInTurn("a", "b");
    Job stored = queue.get("a").orElseThrow();
    Job replacement = Jobs.of("a", c -> {});
    replacement.setStatus(stored.status());
    replacement.setTimeInfo(stored.timeInfo());

    queue.save(replacement);
    assertThat(queue.get("a")).containsSame(replacement);
    runInTurn("c");
    assertThat(queue.get("a")).as("evicted in the turn of the job it replaced").isEmpty();
    assertThat(queue.get("b")).isPresent();
    runInTurn("d");
    try (var jobs = queue.jobs()) {
      assertThat(jobs.map(Job::id)).containsExactlyInAnyOrder("c", "d");
    }
  }

  private void runInTurn(String... ids) throws InterruptedException {
    for (String jobId : ids) {
      queue.put(Jobs.of(jobId, c -> {}));
      assertThat(Amboy.waitJob(queue, jobId, Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void deferredJobsFollowTheQueueClock() throws Exception {
    SettableClock clock = SettableClock.now();
    queue =
        Queues.limitedSize(LocalQueueOptions.builder("clocked").workers(1).clock(clock).build());
    Job later = Jobs.of("later", c -> {});
    later.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(clock.instant().plusSeconds(3600)));
    queue.put(later);
    queue.start();
    Thread.sleep(150);
    assertThat(queue.get("later").orElseThrow().status().completed()).isFalse();

    clock.advance(Duration.ofHours(2));
    assertThat(Amboy.waitJob(queue, "later", Duration.ofSeconds(10))).isTrue();
    assertThat(queue.get("later").orElseThrow().timeInfo().start()).isEqualTo(clock.instant());
  }

  /**
   * Puts into a queue whose workers wait (or are about to) always reach a worker: a put wakes one
   * only when no other wake-up is on its way, so a lost wake-up would leave jobs waiting for the
   * workers' poll, an hour here. Two producers put bursts of 1 to 8 jobs, round after round, at
   * varying distances from the previous round's end.
   */
  @Test
  void burstsOfPutsIntoAWaitingQueueAlwaysRun() throws Exception {
    int workers = 4;
    queue = Queues.limitedSize(LocalQueueOptions.builder("bursts").workers(workers).build());
    queue.setRunner(
        Runners.pool(RunnerOptions.builder().workers(workers).idleTimeout(null).build()));
    queue.start();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int round = 0; round < 2_000; round++) {
      int size = 1 + random.nextInt(8);
      CountDownLatch ran = new CountDownLatch(size);
      String prefix = "r" + round + "-";
      Thread second =
          new Thread(
              () -> {
                for (int i = size / 2; i < size; i++) {
                  queue.put(Jobs.of(prefix + i, c -> ran.countDown()));
                }
              });
      second.start();
      for (int i = 0; i < size / 2; i++) {
        queue.put(Jobs.of(prefix + i, c -> ran.countDown()));
      }
      second.join();
      assertThat(ran.await(10, TimeUnit.SECONDS))
          .as("round %d: %d of %d jobs still waiting", round, ran.getCount(), size)
          .isTrue();
      LockSupport.parkNanos(random.nextInt(50_000));
    }
  }

  /**
   * A put that wakes a waiting worker does not take the queue's lock, so a producer never queues up
   * behind the workers: here another thread holds the lock, the put still returns, and the job runs
   * once the lock is free.
   */
  @Test
  void aPutWakesAWaitingWorkerWithoutTheQueueLock() throws Exception {
    queue = Queues.limitedSize(LocalQueueOptions.builder("unlocked").workers(1).build());
    queue.setRunner(Runners.pool(RunnerOptions.builder().workers(1).idleTimeout(null).build()));
    queue.start();
    queue.put(Jobs.of("first", c -> {}));
    assertThat(Amboy.waitJob(queue, "first", Duration.ofSeconds(10))).isTrue();
    await().until(() -> waitingWorkers("amboy-unlocked-worker-") == 1);
    QueueLock lock = ((AbstractLocalQueue) queue).lock;
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              lock.lock();
              try {
                held.countDown();
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                lock.unlock();
              }
            });
    holder.start();
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch ran = new CountDownLatch(1);
    CompletableFuture<Void> put =
        CompletableFuture.runAsync(() -> queue.put(Jobs.of("while-locked", c -> ran.countDown())));
    try {
      put.get(10, TimeUnit.SECONDS);
      assertThat(lock.tryShare()).as("held exclusively").isFalse();
      assertThat(ran.getCount()).isOne();
    } finally {
      release.countDown();
      holder.join();
    }
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Workers complete plain jobs and take the next one from the inbox while sharing the queue's
   * lock; everything else goes through the exclusive lock. Both paths at once, under load: three
   * producers put plain, scoped, deferred, stale and failing (retried) jobs into a queue small
   * enough that puts wait for room, which only a dispatch frees; the jobs are slower than the puts,
   * so workers find a backlog in the inbox. Every stats snapshot adds up, every job runs exactly as
   * often as it should, and nothing is left behind.
   */
  @Test
  void sharedAndExclusivePathsTogetherLoseNothing() throws Exception {
    int workers = 4;
    queue =
        Queues.limitedSize(
            LocalQueueOptions.builder("mixed")
                .capacity(32)
                .workers(workers)
                .putTimeout(Duration.ofSeconds(60))
                .retryPolicy(RetryPolicy.of(2, Backoff.fixed(Duration.ofMillis(1))))
                .build());
    queue.setRunner(
        Runners.pool(RunnerOptions.builder().workers(workers).idleTimeout(null).build()));
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Map<String, Integer> expectedRuns = new ConcurrentHashMap<>();
    AtomicBoolean observing = new AtomicBoolean(true);
    List<QueueStats> snapshots = new ArrayList<>();
    Thread observer =
        new Thread(
            () -> {
              while (observing.get()) {
                snapshots.add(queue.stats());
                LockSupport.parkNanos(100_000);
              }
            });
    queue.start();
    observer.start();
    int producers = 3;
    int perProducer = 2_000;
    List<Thread> producing = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      String prefix = "p" + p + "-";
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  String id = prefix + i;
                  int kind = i % 25;
                  AtomicInteger count = new AtomicInteger();
                  runs.put(id, count);
                  expectedRuns.put(id, kind == 2 ? 0 : kind == 3 ? 2 : 1);
                  Job job =
                      Jobs.of(
                          id,
                          c -> {
                            if (count.incrementAndGet() == 1 && kind == 3) {
                              throw new IllegalStateException("the first attempt fails");
                            }
                            // slower than the puts, so the inbox holds a backlog
                            LockSupport.parkNanos(20_000);
                          });
                  switch (kind) {
                    case 0 -> job.setScopes(Set.of("scope-" + (i % 3)));
                    case 1 ->
                        job.updateTimeInfo(
                            JobTimeInfo.empty().withWaitUntil(Instant.now().plusMillis(2)));
                    case 2 ->
                        job.updateTimeInfo(
                            JobTimeInfo.empty().withDispatchBy(Instant.now().minusSeconds(1)));
                    default -> {}
                  }
                  queue.put(job);
                }
              });
      producing.add(producer);
      producer.start();
    }
    for (Thread producer : producing) {
      producer.join();
    }
    int total = producers * perProducer;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              QueueStats stats = queue.stats();
              return stats.total() == total && stats.completed() + stats.dropped() == total;
            });
    observing.set(false);
    observer.join();

    QueueStats last = queue.stats();
    assertThat(last.dropped()).isEqualTo(total / 25);
    assertThat(last.running()).isZero();
    assertThat(last.pending()).isZero();
    assertThat(snapshots).isNotEmpty();
    for (QueueStats stats : snapshots) {
      assertThat(stats.pending()).as("pending in %s", stats).isBetween(0L, 32L);
      assertThat(stats.running()).as("running in %s", stats).isBetween(0L, (long) workers);
      assertThat(stats.total())
          .as("total in %s", stats)
          .isEqualTo(stats.pending() + stats.running() + stats.completed() + stats.dropped());
    }
    runs.forEach(
        (id, count) ->
            assertThat(count.get()).as("runs of %s", id).isEqualTo(expectedRuns.get(id)));
  }

  /**
   * A burst of jobs that can only finish together reaches every worker, whether the workers are
   * busy (taking jobs under the shared lock) or waiting when it arrives: each round puts a few
   * short jobs, then one job per worker that waits for all the others to start.
   */
  @Test
  void aBurstThatNeedsEveryWorkerGetsThemAll() throws Exception {
    int workers = 4;
    queue = Queues.limitedSize(LocalQueueOptions.builder("together").workers(workers).build());
    queue.setRunner(
        Runners.pool(RunnerOptions.builder().workers(workers).idleTimeout(null).build()));
    queue.start();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int round = 0; round < 200; round++) {
      int shortJobs = random.nextInt(3 * workers);
      for (int i = 0; i < shortJobs; i++) {
        queue.put(Jobs.of("r" + round + "-short-" + i, c -> {}));
      }
      CountDownLatch started = new CountDownLatch(workers);
      CountDownLatch finished = new CountDownLatch(workers);
      for (int i = 0; i < workers; i++) {
        queue.put(
            Jobs.of(
                "r" + round + "-together-" + i,
                c -> {
                  started.countDown();
                  if (started.await(10, TimeUnit.SECONDS)) {
                    finished.countDown();
                  }
                }));
      }
      assertThat(finished.await(20, TimeUnit.SECONDS))
          .as(
              "round %d: %d of %d jobs never ran beside the others",
              round, finished.getCount(), workers)
          .isTrue();
      LockSupport.parkNanos(random.nextInt(200_000));
    }
  }

  /**
   * Workers share the queue's lock only for jobs that extend {@code AbstractJob}, whose state
   * methods run no code of the job's own. A job of its own implementation whose {@code scopes()}
   * reads the queue's stats would otherwise wait, under the shared lock, for the exclusive lock it
   * blocks: here two workers run a backlog of them and every one completes.
   */
  @Test
  void aJobOfItsOwnImplementationMayCallBackIntoTheQueue() throws Exception {
    int workers = 2;
    Queue callback =
        Queues.limitedSize(LocalQueueOptions.builder("callback").workers(workers).build());
    callback.setRunner(
        Runners.pool(RunnerOptions.builder().workers(workers).idleTimeout(null).build()));
    CountDownLatch ran = new CountDownLatch(200);
    for (int i = 0; i < 200; i++) {
      callback.put(new StatsReadingJob(Jobs.of("callback-" + i, c -> ran.countDown()), callback));
    }
    try {
      callback.start();
      assertThat(ran.await(20, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> callback.stats().completed() == 200);
    } finally {
      // a deadlocked queue would also hang its close: close it where the test can give up
      Thread closer = new Thread(() -> callback.close());
      closer.setDaemon(true);
      closer.start();
      closer.join(TimeUnit.SECONDS.toMillis(20));
      assertThat(closer.isAlive()).as("close still waiting").isFalse();
    }
  }

  /** A job of its own implementation, delegating to a lambda job, that reads its queue's stats. */
  private static final class StatsReadingJob implements Job {
    private final Job delegate;
    private final Queue queue;

    StatsReadingJob(Job delegate, Queue queue) {
      this.delegate = delegate;
      this.queue = queue;
    }

    @Override
    public Set<String> scopes() {
      queue.stats();
      return delegate.scopes();
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public JobType type() {
      return delegate.type();
    }

    @Override
    public void run(JobContext context) throws Exception {
      delegate.run(context);
    }

    @Override
    public DependencyManager dependency() {
      return delegate.dependency();
    }

    @Override
    public void setDependency(DependencyManager dependency) {
      delegate.setDependency(dependency);
    }

    @Override
    public JobStatus status() {
      return delegate.status();
    }

    @Override
    public void setStatus(JobStatus status) {
      delegate.setStatus(status);
    }

    @Override
    public JobTimeInfo timeInfo() {
      return delegate.timeInfo();
    }

    @Override
    public void updateTimeInfo(JobTimeInfo update) {
      delegate.updateTimeInfo(update);
    }

    @Override
    public void setTimeInfo(JobTimeInfo value) {
      delegate.setTimeInfo(value);
    }

    @Override
    public RetryInfo retryInfo() {
      return delegate.retryInfo();
    }

    @Override
    public void setRetryInfo(RetryInfo info) {
      delegate.setRetryInfo(info);
    }

    @Override
    public int priority() {
      return delegate.priority();
    }

    @Override
    public void setPriority(int priority) {
      delegate.setPriority(priority);
    }

    @Override
    public void addError(String message) {
      delegate.addError(message);
    }

    @Override
    public void lock(String owner, Duration lockTimeout, Instant now) {
      delegate.lock(owner, lockTimeout, now);
    }

    @Override
    public void unlock(String owner, Duration lockTimeout, Instant now) {
      delegate.unlock(owner, lockTimeout, now);
    }

    @Override
    public void setScopes(Set<String> scopes) {
      delegate.setScopes(scopes);
    }

    @Override
    public Map<String, String> headers() {
      return delegate.headers();
    }
  }

  private static long waitingWorkers(String namePrefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(namePrefix))
        .filter(thread -> thread.getState() == Thread.State.TIMED_WAITING)
        .count();
  }

  @Test
  void listenersHearEveryEvent() throws Exception {
    queue = Queues.limitedSize("heard", 1, 10);
    List<String> events = new CopyOnWriteArrayList<>();
    queue.addListener(
        new QueueListener() {
          @Override
          public void onJobPut(Queue q, Job job) {
            events.add("put " + job.id());
          }

          @Override
          public void onJobStarted(Queue q, Job job) {
            events.add("start " + job.id());
          }

          @Override
          public void onJobCompleted(Queue q, Job job) {
            events.add("done " + job.id());
          }

          @Override
          public void onJobDropped(Queue q, Job job) {
            events.add("drop " + job.id());
          }
        });
    Job stale = Jobs.of("stale", c -> {});
    stale.updateTimeInfo(
        JobTimeInfo.empty().withDispatchBy(java.time.Instant.now().minusSeconds(1)));
    queue.put(stale);
    queue.put(Jobs.of("ok", c -> {}));
    queue.start();
    assertThat(Amboy.wait(queue, Duration.ofSeconds(10))).isTrue();
    await().until(() -> events.size() == 5);
    assertThat(events).containsExactly("put stale", "put ok", "drop stale", "start ok", "done ok");
  }

  @Test
  void nextWithoutWorkReturnsEmptyAfterItsTimeout() throws Exception {
    queue = Queues.limitedSize("empty", 1, 10);
    long start = System.nanoTime();
    Optional<Job> next = queue.next(Duration.ofMillis(60));
    assertThat(next).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(55));
  }

  @Test
  void optionsReportEveryInvalidValue() {
    assertThatThrownBy(
            () ->
                LocalQueueOptions.builder("bad name!")
                    .capacity(0)
                    .workers(0)
                    .lockTimeout(Duration.ZERO)
                    .putTimeout(Duration.ofSeconds(-1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must be")
        .hasMessageContaining("'bad name!'")
        .hasMessageContaining("capacity must be >= 1 but was 0")
        .hasMessageContaining("workers must be >= 1 but was 0")
        .hasMessageContaining("lockTimeout must be >= 4ms but was PT0S")
        .hasMessageContaining("putTimeout must be >= 0 but was PT-1S");
  }

  @Test
  void aJobWithInvalidTimesIsRejected() {
    queue = Queues.limitedSize("strict", 1, 10);
    Job job = Jobs.of("bad", c -> {});
    java.time.Instant now = java.time.Instant.now();
    job.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(now.plusSeconds(10)).withDispatchBy(now));
    assertThatThrownBy(() -> queue.put(job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wait_until");
    assertThat(queue.stats().total()).isZero();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
