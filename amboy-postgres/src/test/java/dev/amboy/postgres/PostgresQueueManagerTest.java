package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobTimeInfo;
import dev.amboy.contract.ContractJob;
import dev.amboy.contract.Ledger;
import dev.amboy.management.ErrorFilter;
import dev.amboy.management.JobCounters;
import dev.amboy.management.JobErrorsForType;
import dev.amboy.management.JobRuntimes;
import dev.amboy.management.RuntimeFilter;
import dev.amboy.management.StatusFilter;
import dev.amboy.registry.JobRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every management method in SQL against one queue holding jobs in each state: 3 succeeded, 2
 * failed, 2 deferred (pending), 1 running with a fresh lock, 1 whose lock went stale.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresQueueManagerTest {

  private static final String SCHEMA = TestDatabase.newSchema("manager");
  private static final String QUEUE = "managed";
  private static final String TYPE = ContractJob.TYPE.name();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Ledger LEDGER = Ledger.create();
  private static PostgresQueue queue;

  private final PostgresQueueManager manager =
      new PostgresQueueManager(
          PostgresQueueManagerOptions.forQueue(TestDatabase.dataSource(), QUEUE)
              .schema(SCHEMA)
              .lockTimeout(Duration.ofMinutes(1))
              .build());

  @BeforeAll
  static void fillQueue() throws Exception {
    queue =
        new PostgresQueue(
            PostgresQueueOptions.builder(
                    QUEUE, TestDatabase.dataSource(), ContractJob.register(new JobRegistry()))
                .schema(SCHEMA)
                .workers(2)
                .lockTimeout(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .build());
    for (int i = 0; i < 3; i++) {
      queue.put(new ContractJob("ok-" + i, LEDGER));
    }
    queue.put(new ContractJob("fail-1", LEDGER).failWith("boom"));
    queue.put(new ContractJob("fail-2", LEDGER).failWith("boom"));
    for (int i = 0; i < 2; i++) {
      ContractJob later = new ContractJob("later-" + i, LEDGER);
      later.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(Instant.now().plusSeconds(3600)));
      queue.put(later);
    }
    queue.start();
    await().atMost(WAIT).until(() -> queue.stats().completed() == 5);
    queue.put(new ContractJob("running", LEDGER).waitForGate());
    await().atMost(WAIT).until(() -> LEDGER.started("running"));
    queue.put(deferred(new ContractJob("stale", LEDGER)));
    sql(
        "UPDATE "
            + SCHEMA
            + ".jobs SET in_progress = true, owner = 'gone', started_at = now()"
            + " - interval '2 hours', updated_at = now() - interval '2 hours'"
            + " WHERE queue = '"
            + QUEUE
            + "' AND id = 'stale'");
  }

  /** A job that waits an hour, so that only SQL changes its state. */
  private static Job deferred(Job job) {
    job.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(Instant.now().plusSeconds(3600)));
    return job;
  }

  @AfterAll
  static void closeQueue() {
    LEDGER.openGate();
    queue.close();
  }

  private static void sql(String statement) throws Exception {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement update = connection.prepareStatement(statement)) {
      update.executeUpdate();
    }
  }

  private static long countOf(List<JobCounters> data) {
    return data.stream().mapToLong(JobCounters::count).sum();
  }

  @Test
  void jobStatusCountsEachStateByType() {
    assertThat(manager.jobStatus(StatusFilter.COMPLETED).data())
        .containsExactly(new JobCounters(TYPE, 5, null));
    assertThat(countOf(manager.jobStatus(StatusFilter.PENDING).data())).isEqualTo(2);
    assertThat(countOf(manager.jobStatus(StatusFilter.IN_PROGRESS).data())).isEqualTo(1);
    assertThat(countOf(manager.jobStatus(StatusFilter.STALE).data())).isEqualTo(1);
    assertThat(countOf(manager.jobStatus(StatusFilter.ALL).data())).isEqualTo(9);
  }

  @Test
  void jobIdsByStateListsIdsIncludingForAll() {
    assertThat(manager.jobIdsByState(TYPE, StatusFilter.PENDING).jobs())
        .containsExactly("later-0", "later-1");
    assertThat(manager.jobIdsByState(TYPE, StatusFilter.STALE).jobs()).containsExactly("stale");
    assertThat(manager.jobIdsByState(TYPE, StatusFilter.IN_PROGRESS).jobs())
        .containsExactly("running");
    assertThat(manager.jobIdsByState(TYPE, StatusFilter.ALL).jobs()).hasSize(9);
    assertThat(manager.jobIdsByState("other-type", StatusFilter.ALL).jobs()).isEmpty();
  }

  @Test
  void recentTimingAveragesByType() {
    List<JobRuntimes> durations =
        manager.recentTiming(Duration.ofMinutes(5), RuntimeFilter.DURATION).data();
    assertThat(durations)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.type()).isEqualTo(TYPE);
              assertThat(r.count()).isEqualTo(5);
              assertThat(r.duration())
                  .isGreaterThanOrEqualTo(Duration.ZERO)
                  .isLessThan(Duration.ofSeconds(10));
            });
    assertThat(manager.recentTiming(Duration.ofMinutes(5), RuntimeFilter.LATENCY).data())
        .singleElement()
        .satisfies(r -> assertThat(r.count()).isEqualTo(7));
    assertThat(manager.recentTiming(Duration.ofMinutes(5), RuntimeFilter.RUNNING).data())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.count()).isEqualTo(2);
              assertThat(r.duration()).isGreaterThan(Duration.ofMinutes(30));
            });
  }

  @Test
  void recentErrorsListUniqueAllOrNoMessages() {
    JobErrorsForType unique =
        manager.recentErrors(Duration.ofMinutes(5), ErrorFilter.UNIQUE).data().get(0);
    assertThat(unique.count()).isEqualTo(2);
    assertThat(unique.total()).isEqualTo(2);
    assertThat(unique.average()).isEqualTo(1.0);
    assertThat(unique.errors()).containsExactly("java.lang.IllegalStateException: boom");
    assertThat(manager.recentErrors(Duration.ofMinutes(5), ErrorFilter.ALL).data().get(0).errors())
        .hasSize(2);
    assertThat(manager.recentJobErrors(TYPE, Duration.ofMinutes(5), ErrorFilter.STATS_ONLY).data())
        .singleElement()
        .satisfies(e -> assertThat(e.errors()).isEmpty());
    assertThat(manager.recentJobErrors("other", Duration.ofMinutes(5), ErrorFilter.ALL).data())
        .isEmpty();
  }

  @Test
  void argumentsAreValidatedWithClearMessages() {
    assertThatThrownBy(() -> manager.recentTiming(Duration.ofMillis(500), RuntimeFilter.DURATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be >= 1s but was PT0.5S");
    assertThatThrownBy(() -> manager.jobStatus(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status filter");
    assertThatThrownBy(() -> manager.jobIdsByState(" ", StatusFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job type must not be blank");
    assertThatThrownBy(() -> manager.completeJobs(StatusFilter.COMPLETED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'completed'");
    assertThatThrownBy(() -> manager.completeJobsByPattern(StatusFilter.PENDING, "(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid regular expression");
    assertThatThrownBy(() -> manager.pruneJobs(Instant.now().plusSeconds(60), 0, StatusFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("future");
    assertThatThrownBy(() -> manager.pruneJobs(Instant.now(), -1, StatusFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be >= 0");
    assertThatThrownBy(() -> manager.completeJob("missing"))
        .isInstanceOf(JobNotDefinedException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void completeAndPruneOperationsChangeOnlyMatchingRows() throws Exception {
    String otherQueue = "managed-ops";
    Ledger ledger = Ledger.create();
    PostgresQueue ops =
        new PostgresQueue(
            PostgresQueueOptions.builder(
                    otherQueue, TestDatabase.dataSource(), ContractJob.register(new JobRegistry()))
                .schema(SCHEMA)
                .build());
    for (String id : List.of("keep-1", "drop-1", "drop-2", "one", "stale-x")) {
      ops.put(deferred(new ContractJob(id, ledger)));
    }
    sql(
        "UPDATE "
            + SCHEMA
            + ".jobs SET in_progress = true, owner = 'gone', updated_at = now()"
            + " - interval '2 hours', started_at = now() - interval '2 hours'"
            + " WHERE queue = '"
            + otherQueue
            + "' AND id = 'stale-x'");
    PostgresQueueManager opsManager =
        new PostgresQueueManager(
            PostgresQueueManagerOptions.forQueue(TestDatabase.dataSource(), otherQueue)
                .schema(SCHEMA)
                .lockTimeout(Duration.ofMinutes(1))
                .build());

    assertThat(opsManager.completeJobsByPattern(StatusFilter.PENDING, "^drop-")).isEqualTo(2);
    assertThat(opsManager.completeJobs(StatusFilter.STALE)).isEqualTo(1);
    assertThat(opsManager.completeJobsByType(StatusFilter.PENDING, "other-type")).isZero();
    opsManager.completeJob("one");
    assertThat(ops.get("one").orElseThrow().status().completed()).isTrue();
    assertThat(ops.get("one").orElseThrow().timeInfo().end()).isNotNull();
    assertThat(ops.get("keep-1").orElseThrow().status().completed()).isFalse();
    assertThat(ops.get("stale-x").orElseThrow().status().inProgress()).isFalse();

    Instant now = Instant.now();
    assertThat(opsManager.pruneJobs(now, 2, StatusFilter.COMPLETED)).isEqualTo(2);
    assertThat(opsManager.pruneJobs(now, 0, StatusFilter.COMPLETED)).isEqualTo(2);
    assertThat(opsManager.pruneJobs(now, 0, StatusFilter.COMPLETED)).isZero();
    assertThat(ops.stats().completed()).as("pruned jobs still count").isEqualTo(4);
    assertThat(opsManager.completeJobsByType(StatusFilter.ALL, TYPE)).isEqualTo(1);
    assertThat(Amboy.wait(ops, WAIT)).isTrue();
    assertThat(ledger.startedCount()).isZero();
  }

  @Test
  void aGroupManagerReportsEachQueueAndTakesQueueSlashIdIds() throws Exception {
    String schema = TestDatabase.newSchema("manager_group");
    Ledger ledger = Ledger.create();
    PostgresQueueOptions template =
        PostgresQueueOptions.builder(
                "template", TestDatabase.dataSource(), ContractJob.register(new JobRegistry()))
            .schema(schema)
            .build();
    PostgresQueueGroup group =
        new PostgresQueueGroup(PostgresQueueGroupOptions.builder("tenants", template).build());
    try {
      group.get("alpha").put(deferred(new ContractJob("a-1", ledger)));
      group.get("beta").put(deferred(new ContractJob("b-1", ledger)));
      group.get("beta").put(deferred(new ContractJob("b-2", ledger)));
      PostgresQueueManager groupManager =
          new PostgresQueueManager(
              PostgresQueueManagerOptions.forGroup(TestDatabase.dataSource(), "tenants")
                  .schema(schema)
                  .build());

      assertThat(groupManager.jobStatus(StatusFilter.PENDING).data())
          .containsExactly(new JobCounters(TYPE, 1, "alpha"), new JobCounters(TYPE, 2, "beta"));
      assertThat(groupManager.jobIdsByState(TYPE, StatusFilter.PENDING).jobs())
          .containsExactly("alpha/a-1", "beta/b-1", "beta/b-2");
      groupManager.completeJob("beta/b-2");
      assertThat(group.get("beta").get("b-2").orElseThrow().status().completed()).isTrue();
      assertThatThrownBy(() -> groupManager.completeJob("b-2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("<queue>/<id>");
    } finally {
      group.close();
    }
  }
}
