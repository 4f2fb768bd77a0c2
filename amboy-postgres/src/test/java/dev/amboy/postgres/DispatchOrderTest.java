package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.QueueStats;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.registry.JobRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Priority and dependency order, observed in the order jobs start. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatchOrderTest {

  private static final String SCHEMA = TestDatabase.newSchema("dispatch_order");
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final JobRegistry registry = TraceJob.register(new JobRegistry());
  private PostgresQueue queue;

  private PostgresQueue queue(DispatchMode mode, int workers, int claimBatch) {
    queue =
        new PostgresQueue(
            PostgresQueueOptions.builder(
                    "order-" + NAMES.incrementAndGet(), TestDatabase.dataSource(), registry)
                .schema(SCHEMA)
                .dispatchMode(mode)
                .workers(workers)
                .claimBatchSize(claimBatch)
                .pollInterval(Duration.ofMillis(200))
                .build());
    return queue;
  }

  @AfterEach
  void close() {
    if (queue != null) {
      queue.close();
    }
  }

  @ParameterizedTest(name = "claim batch {0}")
  @ValueSource(ints = {1, 32})
  void priorityModeRunsTheHighestPriorityFirst(int claimBatch) throws Exception {
    String trace = "priority-" + claimBatch;
    PostgresQueue priority = queue(DispatchMode.PRIORITY, 1, claimBatch);
    int[] priorities = {3, 0, 1, -2, 5, 2, 0, 4, -1, 5};
    putWithPriorities(priority, trace, priorities);
    priority.start();
    assertThat(Amboy.wait(priority, WAIT)).isTrue();

    assertThat(TraceJob.starts(trace))
        .containsExactly(
            "p5-4", "p5-9", "p4-7", "p3-0", "p2-5", "p1-2", "p0-1", "p0-6", "p-1-8", "p-2-3");
  }

  /** A saved priority moves a pending row from one half of the ready indexes to the other. */
  @Test
  void priorityModeFollowsPrioritiesSavedWhileJobsWait() throws Exception {
    String trace = "saved-priority";
    PostgresQueue priority = queue(DispatchMode.PRIORITY, 1, 32);
    putWithPriorities(priority, trace, new int[] {0, 0, 3});
    Job raised = priority.get("p0-0").orElseThrow();
    raised.setPriority(6);
    priority.save(raised);
    Job lowered = priority.get("p3-2").orElseThrow();
    lowered.setPriority(0);
    priority.save(lowered);
    priority.start();
    assertThat(Amboy.wait(priority, WAIT)).isTrue();

    assertThat(TraceJob.starts(trace)).containsExactly("p0-0", "p0-1", "p3-2");
  }

  @ParameterizedTest(name = "claim batch {0}")
  @ValueSource(ints = {1, 32})
  void unorderedModeRunsJobsInTheOrderTheyBecameReadyWhateverTheirPriority(int claimBatch)
      throws Exception {
    String trace = "unordered-" + claimBatch;
    PostgresQueue unordered = queue(DispatchMode.UNORDERED, 1, claimBatch);
    int[] priorities = {0, 3, 0, -1, 5, 0, 2, 2, 0};
    putWithPriorities(unordered, trace, priorities);
    unordered.start();
    assertThat(Amboy.wait(unordered, WAIT)).isTrue();

    assertThat(TraceJob.starts(trace))
        .containsExactly("p0-0", "p3-1", "p0-2", "p-1-3", "p5-4", "p0-5", "p2-6", "p2-7", "p0-8");
  }

  /** Puts one job per priority, one after another, named {@code p<priority>-<index>}. */
  private static void putWithPriorities(PostgresQueue queue, String trace, int[] priorities) {
    for (int i = 0; i < priorities.length; i++) {
      TraceJob job = new TraceJob("p" + priorities[i] + "-" + i, trace);
      job.setPriority(priorities[i]);
      queue.put(job);
    }
  }

  @Test
  void orderedModeRunsAChainInDependencyOrder() throws Exception {
    String trace = "chain";
    PostgresQueue ordered = queue(DispatchMode.ORDERED, 4, 32);
    TraceJob c = new TraceJob("c", trace).sleep(20);
    c.dependency().addEdge("b");
    TraceJob b = new TraceJob("b", trace).sleep(20);
    b.dependency().addEdge("a");
    TraceJob a = new TraceJob("a", trace).sleep(20);
    ordered.putAll(List.of(c, b, a));
    ordered.start();
    assertThat(Amboy.wait(ordered, WAIT)).isTrue();

    assertThat(TraceJob.starts(trace)).containsExactly("a", "b", "c");
    Job doneA = ordered.get("a").orElseThrow();
    Job doneB = ordered.get("b").orElseThrow();
    Job doneC = ordered.get("c").orElseThrow();
    assertThat(doneB.timeInfo().start()).isAfterOrEqualTo(doneA.timeInfo().end());
    assertThat(doneC.timeInfo().start()).isAfterOrEqualTo(doneB.timeInfo().end());
  }

  @Test
  void unorderedModeIgnoresEdges() throws Exception {
    String trace = "ignored-edges";
    PostgresQueue unordered = queue(DispatchMode.UNORDERED, 1, 32);
    TraceJob later = new TraceJob("needs-missing", trace);
    later.dependency().addEdge("missing");
    unordered.put(later);
    unordered.start();
    assertThat(Amboy.waitJob(unordered, "needs-missing", WAIT)).isTrue();
    assertThat(TraceJob.runs(trace)).containsEntry("needs-missing", 1);
  }

  @Test
  void aPassedJobCompletesWithoutRunning(@TempDir Path dir) throws Exception {
    String trace = "passed";
    Path product = Files.createFile(dir.resolve("product.txt"));
    PostgresQueue ordered = queue(DispatchMode.ORDERED, 2, 32);
    TraceJob passed = new TraceJob("already-made", trace);
    passed.setDependency(new CreatesFile(product.toString()));
    TraceJob ready = new TraceJob("to-make", trace);
    ready.setDependency(new CreatesFile(dir.resolve("missing.txt").toString()));
    ordered.putAll(List.of(passed, ready));
    ordered.start();
    assertThat(Amboy.wait(ordered, WAIT)).isTrue();

    Job done = ordered.get("already-made").orElseThrow();
    assertThat(done.status().completed()).isTrue();
    assertThat(done.errors()).isEmpty();
    assertThat(done.timeInfo().end()).isNotNull();
    assertThat(TraceJob.starts(trace)).containsExactly("to-make");
    assertThat(ordered.stats().completed()).isEqualTo(2);
  }

  @Test
  void anEdgeToAMissingJobIsReportedAndBlocksOnlyThatJob() throws Exception {
    String trace = "missing-edge";
    PostgresQueue ordered = queue(DispatchMode.ORDERED, 2, 32);
    TraceJob orphan = new TraceJob("orphan", trace);
    orphan.dependency().addEdge("ghost");
    TraceJob free = new TraceJob("free", trace);
    ordered.putAll(List.of(orphan, free));
    ordered.start();
    assertThat(Amboy.waitJob(ordered, "free", WAIT)).isTrue();

    assertThat(ordered.missingDependencies())
        .containsExactly(java.util.Map.entry("orphan", List.of("ghost")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              QueueStats stats = ordered.stats();
              assertThat(stats.blocked()).isEqualTo(1);
              assertThat(stats.pending()).isEqualTo(1);
              assertThat(stats.isComplete()).isTrue();
            });
    assertThat(TraceJob.starts(trace)).containsExactly("free");

    ordered.put(new TraceJob("ghost", trace));
    assertThat(Amboy.waitJob(ordered, "orphan", WAIT)).isTrue();
    assertThat(TraceJob.starts(trace)).containsExactly("free", "ghost", "orphan");
    assertThat(ordered.missingDependencies()).isEmpty();
  }

  @Test
  void aDependencyCycleBlocksItsJobsWithoutStoppingOthers() throws Exception {
    String trace = "cycle";
    PostgresQueue ordered = queue(DispatchMode.ORDERED, 2, 32);
    TraceJob x = new TraceJob("x", trace);
    x.dependency().addEdge("y");
    TraceJob y = new TraceJob("y", trace);
    y.dependency().addEdge("x");
    ordered.putAll(List.of(x, y, new TraceJob("z", trace)));
    ordered.start();
    assertThat(Amboy.wait(ordered, WAIT)).isTrue();
    QueueStats stats = ordered.stats();
    assertThat(stats.blocked()).isEqualTo(2);
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(TraceJob.starts(trace)).containsExactly("z");
  }
}
