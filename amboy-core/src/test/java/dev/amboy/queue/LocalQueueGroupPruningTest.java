package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.QueueClosedException;
import dev.amboy.QueueGroup;
import dev.amboy.job.AbstractJob;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pruning racing producers that put into {@code group.get(name)}. A pass used to close a queue
 * between the get that returned it and the put that followed: the put then failed, or was accepted
 * by a queue that was closing and never ran (4 to 23 of 60,000 jobs with passes every 20 ms and a
 * TTL of zero). One test races background passes against producers; the other holds a pass while it
 * reads a queue's counts and asks for the queue meanwhile, the interleaving that lost jobs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalQueueGroupPruningTest {

  private static final JobType TYPE = JobType.of("pruning-race", 1);

  private static final class CountingJob extends AbstractJob {
    private final Map<String, AtomicInteger> runs;

    CountingJob(String id, Map<String, AtomicInteger> runs) {
      super(id, TYPE);
      this.runs = runs;
    }

    @Override
    public void run(JobContext context) {
      runs.computeIfAbsent(id(), id -> new AtomicInteger()).incrementAndGet();
    }
  }

  @Test
  void aJobPutRightAfterGetRunsOnceWhilePassesPruneFinishedQueues() throws Exception {
    AtomicInteger created = new AtomicInteger();
    QueueGroup group =
        Queues.localGroup(
            LocalQueueGroupOptions.builder("pruning-race")
                .queueFactory(
                    name -> {
                      created.incrementAndGet();
                      return Queues.limitedSize(LocalQueueOptions.builder(name).workers(2).build());
                    })
                .ttl(Duration.ZERO)
                .pruneFrequency(Duration.ofMillis(50))
                .build());
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    int producers = 3;
    int rounds = 10;
    int perRound = 1_000;
    ExecutorService threads = Executors.newFixedThreadPool(producers);
    try {
      group.start();
      for (int round = 0; round < rounds; round++) {
        List<Future<?>> puts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
          Random random = new Random(round * producers + p);
          String producer = "r" + round + "-p" + p;
          puts.add(
              threads.submit(
                  () -> {
                    for (int i = 0; i < perRound; i++) {
                      Queue queue = group.get("tenant-" + random.nextInt(3));
                      queue.put(new CountingJob(producer + "-" + i, runs));
                      if (random.nextInt(10) == 0) {
                        // let the queues run dry now and then, so that passes find them finished
                        TimeUnit.MICROSECONDS.sleep(random.nextInt(500));
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> put : puts) {
          put.get(30, TimeUnit.SECONDS);
        }
        // every queue finished and pruned before the next round makes them again
        await().atMost(Duration.ofSeconds(30)).until(() -> group.len() == 0);
      }
    } finally {
      threads.shutdownNow();
      group.close(Duration.ofSeconds(5));
    }
    assertThat(runs).hasSize(producers * rounds * perRound);
    assertThat(runs.values()).allMatch(count -> count.get() == 1);
    assertThat(created.get())
        .as("queues made, pruned and made again")
        .isGreaterThanOrEqualTo(3 * rounds);
  }

  @Test
  void aGetWhileAPassReadsTheQueuesCountsKeepsTheQueueOpen() throws Exception {
    CountDownLatch passReading = new CountDownLatch(1);
    CountDownLatch gotQueue = new CountDownLatch(1);
    AtomicBoolean holdPass = new AtomicBoolean();
    QueueGroup group =
        Queues.localGroup(
            LocalQueueGroupOptions.builder("held-pass")
                .queueFactory(
                    name ->
                        holdingStats(
                            Queues.limitedSize(LocalQueueOptions.builder(name).build()),
                            () -> {
                              if (holdPass.compareAndSet(true, false)) {
                                passReading.countDown();
                                await()
                                    .atMost(Duration.ofSeconds(10))
                                    .until(() -> gotQueue.getCount() == 0);
                              }
                            }))
                .ttl(Duration.ofMillis(1))
                .pruneFrequency(Duration.ZERO)
                .build());
    ExecutorService pass = Executors.newSingleThreadExecutor();
    try {
      group.start();
      Queue first = group.get("tenant");
      TimeUnit.MILLISECONDS.sleep(20);
      holdPass.set(true);
      Future<Integer> pruned = pass.submit(group::prune);
      assertThat(passReading.await(10, TimeUnit.SECONDS)).isTrue();

      Queue queue = group.get("tenant");
      gotQueue.countDown();
      assertThat(pruned.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(queue).isSameAs(first);
      Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
      queue.put(new CountingJob("put-after-get", runs));
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.containsKey("put-after-get"));
    } finally {
      pass.shutdownNow();
      group.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void jobsPutThroughAReferenceKeptPastThePassThatPrunesItRunOrAreRefused() throws Exception {
    QueueGroup group =
        Queues.localGroup(
            LocalQueueGroupOptions.builder("kept-reference")
                .template(LocalQueueOptions.builder("template").workers(2).build())
                .ttl(Duration.ZERO)
                .pruneFrequency(Duration.ZERO)
                .build());
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    List<String> accepted = new CopyOnWriteArrayList<>();
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try {
      group.start();
      for (int round = 0; round < 50; round++) {
        Queue kept = group.get("tenant");
        String prefix = "r" + round + "-";
        Future<?> puts =
            producer.submit(
                () -> {
                  for (int i = 0; ; i++) {
                    CountingJob job = new CountingJob(prefix + i, runs);
                    try {
                      kept.put(job);
                    } catch (QueueClosedException pruned) {
                      return;
                    }
                    accepted.add(job.id());
                  }
                });
        while (!puts.isDone()) {
          group.prune();
        }
        puts.get();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> accepted.stream().allMatch(runs::containsKey));
    } finally {
      producer.shutdownNow();
      group.close(Duration.ofSeconds(5));
    }
    assertThat(accepted).isNotEmpty();
    assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(runs.values()).allMatch(count -> count.get() == 1);
  }

  /** The queue, with {@code hook} run before each read of its counts. */
  private static Queue holdingStats(Queue queue, Runnable hook) {
    return (Queue)
        Proxy.newProxyInstance(
            Queue.class.getClassLoader(),
            new Class<?>[] {Queue.class},
            (proxy, method, args) -> {
              if (method.getName().equals("stats")) {
                hook.run();
              }
              try {
                return method.invoke(queue, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
