package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.Job;
import dev.amboy.job.Jobs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetainedJobsTest {

  @Test
  void evictsInTurnOnceFullAcrossSeveralChunks() {
    // 2,500 slots: two full chunks of 1,024 and a last one of 452
    RetainedJobs retained = new RetainedJobs(2_500);
    List<Job> added = jobs(6_000);
    for (int i = 0; i < added.size(); i++) {
      Job evicted = retained.add(added.get(i));
      if (i < 2_500) {
        assertThat(evicted).as("add %d", i).isNull();
      } else {
        assertThat(evicted).as("add %d", i).isSameAs(added.get(i - 2_500));
      }
    }
  }

  @Test
  void aRemovedJobFreesItsSlotUntilItsTurnComesRound() {
    RetainedJobs retained = new RetainedJobs(3);
    List<Job> added = jobs(5);
    retained.add(added.get(0));
    retained.add(added.get(1));
    retained.add(added.get(2));

    assertThat(retained.remove(added.get(0))).isTrue();
    assertThat(retained.remove(added.get(0))).isFalse();
    assertThat(retained.add(added.get(3))).as("the removed job's slot").isNull();
    assertThat(retained.add(added.get(4))).isSameAs(added.get(1));
  }

  @Test
  void aReplacedJobIsEvictedAsItsReplacementInTheSameTurn() {
    RetainedJobs retained = new RetainedJobs(2);
    List<Job> added = jobs(4);
    retained.add(added.get(0));
    retained.add(added.get(1));
    Job replacement = Jobs.of("replacement", c -> {});

    assertThat(retained.replace(added.get(0), replacement)).isTrue();
    assertThat(retained.replace(added.get(0), replacement)).isFalse();
    assertThat(retained.add(added.get(2))).isSameAs(replacement);
    assertThat(retained.add(added.get(3))).isSameAs(added.get(1));
  }

  @Test
  void aRingNotYetFilledScansOnlyItsCreatedChunks() {
    RetainedJobs retained = new RetainedJobs(1_000_000);
    Job kept = Jobs.of("kept", c -> {});
    retained.add(kept);

    assertThat(retained.remove(Jobs.of("never-added", c -> {}))).isFalse();
    assertThat(retained.remove(kept)).isTrue();
  }

  /**
   * Adds from several threads at once, as workers completing under the shared lock do: every job
   * added is evicted exactly once or is still kept, and exactly {@code capacity} are kept.
   */
  @Test
  void concurrentAddsLoseNoJobAndKeepExactlyTheCapacity() throws Exception {
    int capacity = 1_500;
    int threads = 4;
    int perThread = 20_000;
    RetainedJobs retained = new RetainedJobs(capacity);
    Set<Job> evicted = Collections.newSetFromMap(new ConcurrentHashMap<>());
    List<Job> all = jobs(threads * perThread);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Job> mine = all.subList(t * perThread, (t + 1) * perThread);
        running.add(
            pool.submit(
                () -> {
                  start.await();
                  for (Job job : mine) {
                    Job out = retained.add(job);
                    if (out != null) {
                      assertThat(evicted.add(out)).as("evicted twice: %s", out.id()).isTrue();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : running) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(evicted).hasSize(all.size() - capacity);
    Set<Job> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Job job : all) {
      if (!evicted.contains(job)) {
        kept.add(job);
      }
    }
    assertThat(kept).hasSize(capacity);
    for (Job job : kept) {
      assertThat(retained.remove(job)).as("kept job %s", job.id()).isTrue();
    }
  }

  private static List<Job> jobs(int count) {
    List<Job> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      jobs.add(Jobs.of("job-" + i, c -> {}));
    }
    return jobs;
  }
}
