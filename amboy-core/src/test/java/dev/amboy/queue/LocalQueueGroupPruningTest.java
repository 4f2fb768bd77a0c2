package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.job.AbstractJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Background pruning racing producers that put into {@code group.get(name)}. A pass used to close a
 * queue between the get that returned it and the put that followed: the put then failed, or was
 * accepted by a queue that was closing and never ran (4 to 23 of 60,000 jobs with passes every 20
 * ms and a TTL of zero).
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
                .pruneFrequency(Duration.ofMillis(20))
                .build());
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    int producers = 3;
    int perProducer = 10_000;
    ExecutorService threads = Executors.newFixedThreadPool(producers);
    try {
      group.start();
      List<Future<?>> puts = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        Random random = new Random(p);
        String producer = "p" + p;
        puts.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < perProducer; i++) {
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
      await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() == producers * perProducer);
    } finally {
      threads.shutdownNow();
      group.close(Duration.ofSeconds(5));
    }
    assertThat(runs.values()).allMatch(count -> count.get() == 1);
    assertThat(created.get()).as("queues pruned and made again").isGreaterThan(3);
  }
}
