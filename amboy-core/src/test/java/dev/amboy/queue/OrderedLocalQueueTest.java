package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.Amboy;
import dev.amboy.AmboyException;
import dev.amboy.Job;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.QueueStats;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import dev.amboy.retry.Backoff;
import dev.amboy.retry.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OrderedLocalQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final List<String> order = new CopyOnWriteArrayList<>();
  private Queue queue = Queues.ordered(LocalQueueOptions.builder("ordered").workers(4).build());

  @AfterEach
  void close() {
    queue.close();
  }

  /**
   * Jobs that become ready together while the workers wait get one worker each, even when only one
   * worker was woken: a put that is filed under the queue's lock wakes a worker only when it is the
   * earliest deferred job, and the other workers wait for new work. The woken worker takes one job
   * when they are due and wakes the next, which does the same. The jobs can only finish when all
   * four run at once.
   */
  @Test
  void deferredJobsDueTogetherRunOnEveryWaitingWorker() throws Exception {
    int workers = 4;
    queue.setRunner(
        Runners.pool(RunnerOptions.builder().workers(workers).idleTimeout(null).build()));
    queue.start();
    CountDownLatch warmUp = new CountDownLatch(workers);
    for (int i = 0; i < workers; i++) {
      queue.put(Jobs.of("warm-up-" + i, c -> allTogether(warmUp)));
    }
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    Thread.sleep(50);

    CountDownLatch together = new CountDownLatch(workers);
    Instant due = Instant.now().plusMillis(300);
    for (int i = 0; i < workers; i++) {
      Job job = Jobs.of("due-" + i, c -> allTogether(together));
      job.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(due));
      queue.put(job);
    }
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    for (int i = 0; i < workers; i++) {
      assertThat(queue.get("due-" + i).orElseThrow().status().errors())
          .as("due-%d ran alongside the others", i)
          .isEmpty();
    }
    assertThat(warmUp.getCount()).isZero();
  }

  private static void allTogether(CountDownLatch running) throws InterruptedException {
    running.countDown();
    if (!running.await(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException(running.getCount() + " jobs did not start alongside");
    }
  }

  private AbstractJob step(String id, String... edges) {
    AbstractJob job =
        Jobs.of(
            id,
            ctx -> {
              Thread.sleep(5);
              order.add(id);
            });
    for (String edge : edges) {
      job.dependency().addEdge(edge);
    }
    return job;
  }

  @Test
  void runsAChainAndADiamondInDependencyOrderWhateverThePutOrder() throws Exception {
    queue.put(step("d", "b", "c"));
    queue.put(step("b", "a"));
    queue.put(step("c", "a"));
    queue.put(step("a"));
    QueueStats before = queue.stats();
    assertThat(before.blocked()).isEqualTo(3);
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();

    assertThat(order).hasSize(4);
    assertThat(order.get(0)).isEqualTo("a");
    assertThat(order.get(3)).isEqualTo("d");
    assertThat(queue.stats().blocked()).isZero();
  }

  @Test
  void aPassedJobCompletesWithoutRunningAndReleasesItsDependents() throws Exception {
    Path exists = dir.resolve("exists");
    Files.writeString(exists, "x");
    AbstractJob skipped = step("skip");
    skipped.setDependency(new CreatesFile(exists.toString()));
    queue.put(skipped);
    queue.put(step("after", "skip"));
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactly("after");
    assertThat(queue.get("skip").orElseThrow().status().completed()).isTrue();
  }

  @Test
  void aCycleIsRefusedNamingTheJobs() {
    queue.put(step("x", "z"));
    queue.put(step("y", "x"));
    assertThatThrownBy(() -> queue.put(step("z", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dependency cycle")
        .hasMessageContaining("z -> y -> x -> z");
    assertThatThrownBy(() -> queue.put(step("self", "self")))
        .hasMessageContaining("'self' depends on itself");
    assertThat(queue.stats().total()).isEqualTo(2);
  }

  @Test
  void startRefusesEdgesToJobsThatWereNeverPut() {
    queue.put(step("orphan", "ghost"));
    assertThatThrownBy(queue::start)
        .isInstanceOf(AmboyException.class)
        .hasMessageContaining("'orphan' -> 'ghost'");
    assertThat(queue.info().started()).isFalse();
  }

  @Test
  void jobsPutAfterStartJoinTheGraph() throws Exception {
    queue.start();
    queue.put(step("first"));
    assertThat(Amboy.waitJob(queue, "first", WAIT)).isTrue();
    queue.put(step("second", "first"));
    queue.put(step("third", "second"));
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactly("first", "second", "third");
    assertThatThrownBy(() -> queue.put(step("late", "never-put")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depends on unknown job 'never-put'")
        .hasMessageContaining("put 'never-put' first");
  }

  @Test
  void aDroppedDependencyLeavesItsDependentsBlocked() throws Exception {
    AbstractJob late = step("late");
    late.updateTimeInfo(JobTimeInfo.empty().withDispatchBy(Instant.now().plusMillis(20)));
    queue.put(late);
    queue.put(step("needs-late", "late"));
    Thread.sleep(60);
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    QueueStats stats = queue.stats();
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(stats.blocked()).isEqualTo(1);
    assertThat(stats.pending()).isEqualTo(1);
    assertThat(order).isEmpty();
  }

  @Test
  void dependentsWaitForTheFinalAttemptOfARetriedJob() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AbstractJob flaky =
        Jobs.of(
            "flaky",
            ctx -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
              }
              order.add("flaky");
            });
    flaky.setRetryPolicy(RetryPolicy.of(3, Backoff.fixed(Duration.ofMillis(10))));
    queue.put(flaky);
    queue.put(step("after", "flaky"));
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactly("flaky", "after");
    Job done = queue.get("flaky").orElseThrow();
    assertThat(done.retryInfo().attempt()).isEqualTo(3);
  }
}
