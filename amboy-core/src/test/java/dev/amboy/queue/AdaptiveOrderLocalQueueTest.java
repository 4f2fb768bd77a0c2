package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.DeletableJobQueue;
import dev.amboy.dependency.CheckDependency;
import dev.amboy.dependency.CheckRegistry;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.dependency.DependencyState;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AdaptiveOrderLocalQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final CheckRegistry checks = new CheckRegistry();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final DeletableJobQueue queue =
      Queues.adaptive(LocalQueueOptions.builder("adaptive").workers(2).build());

  @AfterEach
  void close() {
    queue.close();
  }

  private AbstractJob job(String id) {
    return Jobs.of(id, ctx -> ran.add(id));
  }

  @Test
  void aBlockedJobRunsOnceItsCheckSaysReady() throws Exception {
    AtomicReference<DependencyState> gate = new AtomicReference<>(DependencyState.BLOCKED);
    checks.register("gate", edges -> gate.get());
    AbstractJob waiting = job("waiting");
    waiting.setDependency(new CheckDependency(checks, "gate"));
    queue.put(waiting);
    queue.put(job("free"));
    queue.start();
    assertThat(Amboy.waitJob(queue, "free", WAIT)).isTrue();
    assertThat(queue.stats().blocked()).isEqualTo(1);
    assertThat(Amboy.wait(queue, Duration.ofMillis(10))).as("blocked counts as done").isTrue();

    gate.set(DependencyState.READY);
    assertThat(Amboy.waitJob(queue, "waiting", WAIT)).isTrue();
    assertThat(ran).containsExactly("free", "waiting");
    assertThat(queue.stats().blocked()).isZero();
  }

  @Test
  void completingANamedJobReevaluatesItsDependentsAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    queue.put(Jobs.of("first", ctx -> release.await()));
    checks.register(
        "first-done",
        edges ->
            queue.get("first").orElseThrow().status().completed()
                ? DependencyState.READY
                : DependencyState.BLOCKED);
    AbstractJob second = job("second");
    second.setDependency(new CheckDependency(checks, "first-done"));
    second.dependency().addEdge("first");
    queue.put(second);
    queue.start();
    await().atMost(WAIT).until(() -> queue.stats().running() == 1);
    assertThat(((AdaptiveOrderLocalQueue) queue).waitingIds()).containsExactly("second");
    release.countDown();
    assertThat(Amboy.waitJob(queue, "second", WAIT)).isTrue();
  }

  @Test
  void aPassedJobCompletesWithoutRunningAndAnUnresolvedOneWaits() throws Exception {
    Path exists = dir.resolve("done");
    Files.writeString(exists, "");
    AbstractJob passed = job("passed");
    passed.setDependency(new CreatesFile(exists.toString()));
    AbstractJob unresolved = job("unresolved");
    unresolved.setDependency(new CheckDependency(checks, "no-such-check"));
    queue.put(passed);
    queue.put(unresolved);
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(ran).isEmpty();
    assertThat(queue.get("passed").orElseThrow().status().completed()).isTrue();
    assertThat(queue.stats().blocked()).isEqualTo(1);
  }

  @Test
  void deletesWaitingAndCompletedJobsButNotRunningOnes() throws Exception {
    checks.register("never", edges -> DependencyState.BLOCKED);
    AbstractJob waiting = job("waiting");
    waiting.setDependency(new CheckDependency(checks, "never"));
    queue.put(waiting);
    CountDownLatch release = new CountDownLatch(1);
    queue.put(Jobs.of("running", ctx -> release.await()));
    queue.put(job("done"));
    queue.start();
    assertThat(Amboy.waitJob(queue, "done", WAIT)).isTrue();
    await().atMost(WAIT).until(() -> queue.stats().running() == 1);

    assertThat(queue.delete("waiting")).isTrue();
    assertThat(queue.delete("done")).isTrue();
    assertThat(queue.delete("missing")).isFalse();
    assertThatThrownBy(() -> queue.delete("running"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'running'")
        .hasMessageContaining("it is running");
    assertThat(queue.stats().blocked()).isZero();
    release.countDown();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(queue.get("waiting")).isEmpty();
  }
}
