package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueListener;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several queue instances (different owners) on one database share one queue's jobs. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MultiInstanceIT {

  private static final int JOBS = 10_000;
  private static final int INSTANCES = 4;

  private final List<PostgresQueue> queues = new ArrayList<>();

  @AfterEach
  void close() {
    queues.forEach(queue -> queue.close(Duration.ofSeconds(5)));
  }

  @Test
  void tenThousandJobsOverFourInstancesEachRunExactlyOnce() {
    String schema = TestDatabase.newSchema("multi");
    JobRegistry registry = TraceJob.register(new JobRegistry());
    String trace = "multi-" + schema;
    List<AtomicInteger> completedBy = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      PostgresQueue queue =
          new PostgresQueue(
              PostgresQueueOptions.builder("shared", TestDatabase.dataSource(), registry)
                  .schema(schema)
                  .workers(4)
                  .claimBatchSize(50)
                  .completionBatchSize(50)
                  .pollInterval(Duration.ofMillis(200))
                  .build());
      AtomicInteger completed = new AtomicInteger();
      queue.addListener(
          new QueueListener() {
            @Override
            public void onJobCompleted(Queue source, Job job) {
              completed.incrementAndGet();
            }
          });
      completedBy.add(completed);
      queues.add(queue);
      queue.start();
    }
    assertThat(queues).extracting(PostgresQueue::owner).doesNotHaveDuplicates();

    for (int batch = 0; batch < JOBS / 1_000; batch++) {
      List<Job> jobs = new ArrayList<>(1_000);
      for (int i = 0; i < 1_000; i++) {
        jobs.add(new TraceJob("job-" + (batch * 1_000 + i), trace));
      }
      queues.get(batch % INSTANCES).putAll(jobs);
    }

    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> queues.get(0).stats().completed() == JOBS);

    Map<String, Integer> runs = TraceJob.runs(trace);
    assertThat(runs).hasSize(JOBS);
    assertThat(runs.values()).allMatch(count -> count == 1);
    assertThat(completedBy.stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(JOBS);
    assertThat(completedBy).allMatch(count -> count.get() > 0);
    var stats = queues.get(0).stats();
    assertThat(stats.total()).isEqualTo(JOBS);
    assertThat(stats.running() + stats.pending()).isZero();
  }
}
