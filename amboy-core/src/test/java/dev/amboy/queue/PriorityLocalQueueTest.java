package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import dev.amboy.JobTimeInfo;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PriorityLocalQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<String> order = new CopyOnWriteArrayList<>();
  private final DeletableJobQueue queue =
      Queues.priority(LocalQueueOptions.builder("priority").workers(1).build());

  @AfterEach
  void close() {
    queue.close();
  }

  private AbstractJob job(String id, int priority) {
    AbstractJob job = Jobs.of(id, ctx -> order.add(id));
    job.setPriority(priority);
    return job;
  }

  @Test
  void theHighestPriorityRunsFirstAndEqualsKeepArrivalOrder() throws Exception {
    queue.put(job("low", 1));
    queue.put(job("high", 10));
    queue.put(job("mid-1", 5));
    queue.put(job("mid-2", 5));
    queue.put(job("negative", -3));
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactly("high", "mid-1", "mid-2", "low", "negative");
  }

  @Test
  void savingAPendingJobWithANewPriorityMovesIt() throws Exception {
    queue.put(job("a", 5));
    queue.put(job("b", 4));
    Job b = queue.get("b").orElseThrow();
    b.setPriority(9);
    queue.save(b);
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactly("b", "a");
  }

  @Test
  void waitUntilAndScopesAreHonouredWithoutLosingJobs() throws Exception {
    AbstractJob later = job("later", 100);
    later.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(Instant.now().plusMillis(300)));
    queue.put(later);
    AbstractJob scopedA = job("scoped-a", 50);
    scopedA.setScopes(Set.of("s"));
    AbstractJob scopedB = job("scoped-b", 40);
    scopedB.setScopes(Set.of("s"));
    queue.put(scopedA);
    queue.put(scopedB);
    queue.put(job("plain", 1));
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactly("scoped-a", "scoped-b", "plain", "later");
  }

  @Test
  void deletesPendingAndCompletedJobsButNotRunningOnes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    queue.put(Jobs.of("running", ctx -> release.await()));
    queue.start();
    await().atMost(WAIT).until(() -> queue.stats().running() == 1);
    queue.put(job("pending", 1));
    assertThat(queue.delete("pending")).isTrue();
    assertThatThrownBy(() -> queue.delete("running")).hasMessageContaining("'running'");
    release.countDown();
    assertThat(Amboy.waitJob(queue, "running", WAIT)).isTrue();
    assertThat(queue.delete("running")).isTrue();
    assertThat(queue.get("running")).isEmpty();
    assertThat(queue.stats().pending()).isZero();
    assertThat(order).isEmpty();
  }

  @Test
  void aDeletedCompletedJobLeavesTheOthersRetainedAndItsIdFree() throws Exception {
    DeletableJobQueue small =
        Queues.priority(LocalQueueOptions.builder("retained").capacity(2).workers(1).build());
    try {
      small.start();
      runInTurn(small, "a", "b");
      assertThat(small.delete("a")).isTrue();
      assertThat(small.get("a")).isEmpty();

      runInTurn(small, "c");
      assertThat(small.get("b")).as("c took the deleted job's place").isPresent();
      runInTurn(small, "a");
      try (var jobs = small.jobs()) {
        assertThat(jobs.map(Job::id)).containsExactlyInAnyOrder("c", "a");
      }
      assertThat(small.delete("c")).isTrue();
      assertThat(small.delete("c")).isFalse();
    } finally {
      small.close();
    }
  }

  private static void runInTurn(DeletableJobQueue target, String... ids)
      throws InterruptedException {
    for (String jobId : ids) {
      target.put(Jobs.of(jobId, c -> {}));
      assertThat(Amboy.waitJob(target, jobId, WAIT)).isTrue();
    }
  }
}
