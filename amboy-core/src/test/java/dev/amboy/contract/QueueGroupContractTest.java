package dev.amboy.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every queue group must have, in memory or in PostgreSQL. Subclasses say how to
 * build the group under test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class QueueGroupContractTest {

  protected static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final List<QueueGroup> opened = new ArrayList<>();
  protected final JobRegistry registry = ContractJob.register(new JobRegistry());

  /**
   * What the suite needs of a group under test.
   *
   * @param name a group name no other test uses
   * @param ttl idle time after which finished queues are pruned
   * @param pruneFrequency how often background pruning runs; zero for none
   * @param workers workers per queue
   * @param registry the registry that knows {@link ContractJob}
   */
  public record GroupSettings(
      String name, Duration ttl, Duration pruneFrequency, int workers, JobRegistry registry) {}

  /** Builds the group under test, not started. */
  protected abstract QueueGroup newGroup(GroupSettings settings);

  /** Builds a queue the group could hold, for {@link QueueGroup#put}. */
  protected abstract Queue newStandaloneQueue(String name);

  protected QueueGroup group(Duration ttl, Duration pruneFrequency) {
    QueueGroup group =
        newGroup(
            new GroupSettings(
                "group-" + NAMES.incrementAndGet(), ttl, pruneFrequency, 2, registry));
    opened.add(group);
    return group;
  }

  @AfterEach
  void closeGroups() {
    opened.forEach(group -> group.close(Duration.ZERO));
  }

  @Test
  void getCreatesAStartedQueueOnceAndReturnsItAfterwards() throws Exception {
    QueueGroup group = group(Duration.ofMinutes(10), Duration.ZERO);
    group.start();
    Queue first = group.get("tenant-a");
    assertThat(first.info().started()).isTrue();
    assertThat(group.get("tenant-a")).isSameAs(first);
    assertThat(group.len()).isEqualTo(1);
    assertThat(group.queues()).containsExactly("tenant-a");

    Ledger ledger = Ledger.create();
    first.put(new ContractJob("a-1", ledger));
    group.get("tenant-b").put(new ContractJob("b-1", ledger));
    assertThat(Amboy.waitJob(group.get("tenant-a"), "a-1", WAIT)).isTrue();
    assertThat(Amboy.waitJob(group.get("tenant-b"), "b-1", WAIT)).isTrue();
    assertThat(group.queues()).containsExactly("tenant-a", "tenant-b");
  }

  @Test
  void concurrentGetsOfOneNameShareOneQueue() throws Exception {
    QueueGroup group = group(Duration.ofMinutes(10), Duration.ZERO);
    group.start();
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    Set<Queue> seen = ConcurrentHashMap.newKeySet();
    List<Thread> getters = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread getter =
          new Thread(
              () -> {
                try {
                  go.await();
                  seen.add(group.get("contended"));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      getter.start();
      getters.add(getter);
    }
    go.countDown();
    for (Thread getter : getters) {
      getter.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(seen).hasSize(1);
    assertThat(group.len()).isEqualTo(1);
  }

  @Test
  void putAddsAQueueUnderANewNameOnly() {
    QueueGroup group = group(Duration.ofMinutes(10), Duration.ZERO);
    Queue queue = newStandaloneQueue("standalone-" + NAMES.incrementAndGet());
    group.put("mine", queue);
    assertThat(group.get("mine")).isSameAs(queue);
    assertThatThrownBy(
            () -> group.put("mine", newStandaloneQueue("other-" + NAMES.incrementAndGet())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mine'");
  }

  @Test
  void pruneRemovesIdleFinishedQueuesAndKeepsBusyOnes() throws Exception {
    QueueGroup group = group(Duration.ofMillis(200), Duration.ZERO);
    group.start();
    Ledger ledger = Ledger.create();
    group.get("idle").put(new ContractJob("quick", ledger));
    group.get("busy").put(new ContractJob("slow", ledger).waitForGate());
    assertThat(Amboy.waitJob(group.get("idle"), "quick", WAIT)).isTrue();
    await().atMost(WAIT).until(() -> ledger.started("slow"));
    Thread.sleep(300);

    assertThat(group.prune()).isEqualTo(1);
    assertThat(group.queues()).containsExactly("busy");

    ledger.openGate();
    assertThat(Amboy.waitJob(group.get("busy"), "slow", WAIT)).isTrue();
    Thread.sleep(300);
    assertThat(group.prune()).isEqualTo(1);
    assertThat(group.len()).isZero();
  }

  @Test
  void withATtlOfZeroAQueueAskedForIsKeptUntilAPassFindsItUnused() throws Exception {
    QueueGroup group = group(Duration.ZERO, Duration.ZERO);
    group.start();
    Queue queue = group.get("tenant");
    assertThat(group.prune()).as("asked for since the previous pass").isZero();

    Ledger ledger = Ledger.create();
    queue.put(new ContractJob("put-after-a-pass", ledger));
    assertThat(Amboy.waitJob(queue, "put-after-a-pass", WAIT)).isTrue();
    assertThat(group.prune()).as("not asked for since the previous pass").isEqualTo(1);
    assertThat(queue.info().closed()).isTrue();

    Queue fresh = group.get("tenant");
    assertThat(fresh).isNotSameAs(queue);
    assertThat(fresh.info().started()).isTrue();
    assertThat(group.prune()).isZero();
  }

  @Test
  void backgroundPruningRunsAfterStart() throws Exception {
    QueueGroup group = group(Duration.ofMillis(100), Duration.ofMillis(50));
    group.start();
    Ledger ledger = Ledger.create();
    group.get("short-lived").put(new ContractJob("once", ledger));
    await().atMost(WAIT).until(() -> ledger.runs("once") == 1);
    await().atMost(WAIT).until(() -> group.len() == 0);
  }

  @Test
  void closeClosesEveryQueue() {
    QueueGroup group = group(Duration.ofMinutes(10), Duration.ZERO);
    group.start();
    Queue a = group.get("a");
    Queue b = group.get("b");
    group.close(Duration.ofSeconds(5));
    assertThat(a.info().closed()).isTrue();
    assertThat(b.info().closed()).isTrue();
    assertThat(group.len()).isZero();
  }
}
