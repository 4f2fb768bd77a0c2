package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.Amboy;
import dev.amboy.DuplicateJobException;
import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobTimeInfo;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.QueueClosedException;
import dev.amboy.QueueStats;
import dev.amboy.job.AbstractJob;
import dev.amboy.retry.Backoff;
import dev.amboy.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every in-memory queue kind under a mixed load from several producers at once: plain jobs, jobs
 * that fail their first attempt or ask to run again later, jobs that share a scope, wait a moment
 * before they may run or carry a priority, puts that block on a full queue, duplicate puts and
 * reads by id. The lock-free put and the workers' shared lock are where such a mix could lose or
 * repeat a job; each case checks that every job ran exactly as often as it should, that no two jobs
 * of one scope overlapped and that the counts never contradicted each other.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalQueueMixedLoadTest {

  private static final JobType TYPE = JobType.of("mixed-load", 1);

  /** What happens to a job in its first attempt. */
  private enum FirstAttempt {
    FINISHES,
    FAILS,
    RUNS_AGAIN_LATER
  }

  /** What the jobs saw while they ran, shared by one case's jobs. */
  private static final class Observations {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Map<String, String> scopeHolders = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    int runs(String id) {
      AtomicInteger count = runs.get(id);
      return count == null ? 0 : count.get();
    }
  }

  private static final class MixedJob extends AbstractJob {
    private final Observations observations;
    private final FirstAttempt firstAttempt;
    private final long spinNanos;

    MixedJob(String id, Observations observations, FirstAttempt firstAttempt, long spinNanos) {
      super(id, TYPE);
      this.observations = observations;
      this.firstAttempt = firstAttempt;
      this.spinNanos = spinNanos;
    }

    @Override
    public void run(JobContext context) {
      observations.runs.computeIfAbsent(id(), id -> new AtomicInteger()).incrementAndGet();
      for (String scope : scopes()) {
        String holder = observations.scopeHolders.putIfAbsent(scope, id());
        if (holder != null) {
          observations.violations.add(id() + " ran while " + holder + " held scope " + scope);
        }
      }
      try {
        long end = System.nanoTime() + spinNanos;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      } finally {
        for (String scope : scopes()) {
          observations.scopeHolders.remove(scope, id());
        }
      }
      if (context.attempt() == 1) {
        switch (firstAttempt) {
          case FAILS -> throw new IllegalStateException("the first attempt fails");
          case RUNS_AGAIN_LATER -> context.retryLater(Duration.ofMillis(1), "not yet");
          case FINISHES -> {}
        }
      }
    }
  }

  static Stream<Arguments> kinds() {
    Map<String, Function<LocalQueueOptions, Queue>> kinds =
        Map.of(
            "limited-size", Queues::limitedSize,
            "ordered", Queues::ordered,
            "priority", Queues::priority,
            "shuffled", Queues::shuffled,
            "adaptive", Queues::adaptive);
    return kinds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .flatMap(
            kind ->
                Stream.of(1L, 2L).map(seed -> Arguments.of(kind.getKey(), kind.getValue(), seed)));
  }

  /** One case's sizes, drawn from its seed. */
  private record Load(int workers, int capacity, int producers, int jobsPerProducer) {
    static Load draw(Random random, boolean roomForAll) {
      int producers = 2 + random.nextInt(3);
      int jobsPerProducer = 1_500 + random.nextInt(1_500);
      int capacity = roomForAll ? producers * jobsPerProducer : 50 + random.nextInt(400);
      return new Load(1 + random.nextInt(8), capacity, producers, jobsPerProducer);
    }
  }

  @ParameterizedTest(name = "{0}, seed {2}, puts wait for room")
  @MethodSource("kinds")
  void everyJobRunsAsOftenAsItShouldWhilePutsWaitForRoom(
      String kind, Function<LocalQueueOptions, Queue> factory, long seed) throws Exception {
    runToCompletion(kind, factory, seed, false);
  }

  @ParameterizedTest(name = "{0}, seed {2}, duplicates and reads")
  @MethodSource("kinds")
  void everyJobRunsAsOftenAsItShouldBesideDuplicatePutsAndReads(
      String kind, Function<LocalQueueOptions, Queue> factory, long seed) throws Exception {
    runToCompletion(kind, factory, seed, true);
  }

  @ParameterizedTest(name = "{0}, seed {2}")
  @MethodSource("kinds")
  void closingUnderLoadStopsProducersCleanlyAndRunsNoJobTooOften(
      String kind, Function<LocalQueueOptions, Queue> factory, long seed) throws Exception {
    Random random = new Random(seed);
    Load load = Load.draw(random, false);
    Observations observations = new Observations();
    Map<String, Integer> expected = new ConcurrentHashMap<>();
    Queue queue = factory.apply(options(kind, load));
    queue.start();
    ExecutorService producers = Executors.newFixedThreadPool(load.producers());
    try {
      List<Future<?>> puts = startProducers(queue, load, seed, observations, expected, producers);
      Thread.sleep(5 + random.nextInt(20));
      queue.close();

      for (Future<?> put : puts) {
        try {
          put.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(QueueClosedException.class);
        }
      }
      assertThatThrownBy(
              () -> queue.put(new MixedJob("late", observations, FirstAttempt.FINISHES, 0)))
          .isInstanceOf(QueueClosedException.class);
      assertThat(queue.stats().running()).isZero();
      observations.runs.forEach(
          (id, runs) -> assertThat(runs.get()).as(id).isLessThanOrEqualTo(expected.get(id)));
      assertThat(observations.violations).isEmpty();
    } finally {
      producers.shutdownNow();
    }
  }

  private void runToCompletion(
      String kind, Function<LocalQueueOptions, Queue> factory, long seed, boolean roomForAll)
      throws Exception {
    Random random = new Random(seed);
    Load load = Load.draw(random, roomForAll);
    Observations observations = new Observations();
    Map<String, Integer> expected = new ConcurrentHashMap<>();
    try (Queue queue = factory.apply(options(kind, load))) {
      boolean startFirst = random.nextBoolean();
      if (startFirst) {
        queue.start();
      }
      AtomicBoolean watching = new AtomicBoolean(true);
      ExecutorService threads = Executors.newFixedThreadPool(load.producers() + 1);
      try {
        Future<List<QueueStats>> contradictions =
            threads.submit(() -> watchStats(queue, load.workers(), watching));
        List<Future<?>> puts = startProducers(queue, load, seed, observations, expected, threads);
        if (!startFirst) {
          queue.start();
        }
        for (Future<?> put : puts) {
          put.get(60, TimeUnit.SECONDS);
        }
        assertThat(Amboy.wait(queue, Duration.ofSeconds(60))).as("all jobs complete").isTrue();
        watching.set(false);
        assertThat(contradictions.get(10, TimeUnit.SECONDS)).isEmpty();
      } finally {
        watching.set(false);
        threads.shutdownNow();
      }

      assertThat(observations.violations).isEmpty();
      List<String> wrongRuns = new ArrayList<>();
      expected.forEach(
          (id, runs) -> {
            if (observations.runs(id) != runs) {
              wrongRuns.add(id + " ran " + observations.runs(id) + " times, not " + runs);
            }
          });
      assertThat(wrongRuns).isEmpty();
      QueueStats stats = queue.stats();
      assertThat(stats.completed()).isEqualTo(expected.size());
      assertThat(stats.total()).isEqualTo(expected.size());
      assertThat(stats.pending()).isZero();
      assertThat(stats.running()).isZero();
    }
  }

  private static LocalQueueOptions options(String kind, Load load) {
    return LocalQueueOptions.builder("mixed-" + kind)
        .workers(load.workers())
        .capacity(load.capacity())
        .putTimeout(Duration.ofSeconds(60))
        .retryPolicy(RetryPolicy.of(2, Backoff.fixed(Duration.ofMillis(1))))
        .build();
  }

  /**
   * Starts the producers. Each records how often each of its jobs must run; with room for every job
   * (no retained job is evicted) it also puts a duplicate of some jobs, which must be refused, and
   * reads some back by id.
   */
  private static List<Future<?>> startProducers(
      Queue queue,
      Load load,
      long seed,
      Observations observations,
      Map<String, Integer> expected,
      ExecutorService producers) {
    boolean roomForAll = load.capacity() >= load.producers() * load.jobsPerProducer();
    List<Future<?>> puts = new ArrayList<>();
    for (int p = 0; p < load.producers(); p++) {
      String producer = "p" + p;
      Random random = new Random(seed * 31 + p);
      puts.add(
          producers.submit(
              () -> {
                for (int i = 0; i < load.jobsPerProducer(); i++) {
                  MixedJob job = drawJob(random, producer + "-" + i, observations);
                  expected.put(job.id(), job.firstAttempt == FirstAttempt.FINISHES ? 1 : 2);
                  queue.put(job);
                  if (roomForAll && random.nextInt(20) == 0) {
                    assertThatThrownBy(
                            () ->
                                queue.put(
                                    new MixedJob(job.id(), observations, FirstAttempt.FINISHES, 0)))
                        .isInstanceOf(DuplicateJobException.class);
                  }
                  if (roomForAll && random.nextInt(20) == 0) {
                    Job stored = queue.get(job.id()).orElseThrow();
                    assertThat(stored.id()).isEqualTo(job.id());
                  }
                }
                return null;
              }));
    }
    return puts;
  }

  private static MixedJob drawJob(Random random, String id, Observations observations) {
    int draw = random.nextInt(20);
    FirstAttempt firstAttempt =
        draw == 0
            ? FirstAttempt.FAILS
            : draw == 1 ? FirstAttempt.RUNS_AGAIN_LATER : FirstAttempt.FINISHES;
    long spinNanos = random.nextInt(4) == 0 ? random.nextInt(100_000) : 0;
    MixedJob job = new MixedJob(id, observations, firstAttempt, spinNanos);
    if (random.nextInt(8) == 0) {
      job.setScopes(Set.of("scope-" + random.nextInt(3)));
    }
    if (random.nextInt(15) == 0) {
      job.updateTimeInfo(
          JobTimeInfo.empty().withWaitUntil(Instant.now().plusNanos(random.nextInt(2_000_000))));
    }
    if (random.nextInt(10) == 0) {
      job.setPriority(random.nextInt(5));
    }
    return job;
  }

  /**
   * Samples the queue's counts until told to stop; returns every sample that contradicts itself.
   */
  private static List<QueueStats> watchStats(Queue queue, int workers, AtomicBoolean watching)
      throws InterruptedException {
    List<QueueStats> contradictions = new ArrayList<>();
    while (watching.get()) {
      QueueStats stats = queue.stats();
      if (stats.running() < 0
          || stats.running() > workers
          || stats.pending() < 0
          || stats.completed() > stats.total()) {
        contradictions.add(stats);
      }
      TimeUnit.MICROSECONDS.sleep(200);
    }
    return contradictions;
  }
}
