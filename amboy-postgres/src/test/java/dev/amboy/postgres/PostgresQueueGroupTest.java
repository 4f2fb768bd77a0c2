package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.contract.ContractJob;
import dev.amboy.contract.Ledger;
import dev.amboy.pool.Runners;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a PostgreSQL group does beyond core's group contract. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresQueueGroupTest {

  private static final String SCHEMA = TestDatabase.newSchema("group");
  private final JobRegistry registry = ContractJob.register(new JobRegistry());

  private PostgresQueueOptions template(Duration poll) {
    return PostgresQueueOptions.builder("template", TestDatabase.dataSource(), registry)
        .schema(SCHEMA)
        .workers(2)
        .pollInterval(poll)
        .build();
  }

  @Test
  void queuesWithWorkFromAnotherProcessAreStartedInTheBackground() throws Exception {
    Ledger ledger = Ledger.create();
    try (PostgresQueueGroup group =
        new PostgresQueueGroup(
            PostgresQueueGroupOptions.builder("remote", template(Duration.ofMillis(200)))
                .backgroundStartFrequency(Duration.ofMillis(200))
                .build())) {
      PostgresQueue elsewhere =
          new PostgresQueue(template(Duration.ofMillis(200)).withName("remote/tenant-x"));
      elsewhere.put(new ContractJob("x-1", ledger));
      group.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> ledger.runs("x-1") == 1);
      assertThat(group.queues()).containsExactly("tenant-x");

      elsewhere.put(new ContractJob("y-1", ledger));
      new PostgresQueue(template(Duration.ofMillis(200)).withName("remote/tenant-y"))
          .put(new ContractJob("y-2", ledger));
      await().atMost(Duration.ofSeconds(20)).until(() -> ledger.runs("y-2") == 1);
      assertThat(group.queues()).containsExactly("tenant-x", "tenant-y");
      assertThat(Amboy.waitJob(group.get("tenant-x"), "y-1", Duration.ofSeconds(20))).isTrue();
    }
  }

  @Test
  void groupsOfOtherNamesDoNotMeetAndPendingWorkIsFoundWithoutNotifications() throws Exception {
    Ledger ledger = Ledger.create();
    new PostgresQueue(template(Duration.ofMillis(200)).withName("other/tenant-z"))
        .put(new ContractJob("z-1", ledger));
    new PostgresQueue(template(Duration.ofMillis(200)).withName("mine/tenant-m"))
        .put(new ContractJob("m-1", ledger));
    try (PostgresQueueGroup group =
        new PostgresQueueGroup(
            PostgresQueueGroupOptions.builder("mine", template(Duration.ofMillis(200)))
                .backgroundStartFrequency(Duration.ofMillis(200))
                .build())) {
      group.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> ledger.runs("m-1") == 1);
      assertThat(group.queues()).containsExactly("tenant-m");
      assertThat(ledger.started("z-1")).isFalse();
    }
  }

  @Test
  void perQueueWorkerCountsAreHonoured() {
    try (PostgresQueueGroup group =
        new PostgresQueueGroup(
            PostgresQueueGroupOptions.builder("sized", template(Duration.ofSeconds(1)))
                .workers(queue -> queue.startsWith("wide") ? 6 : 1)
                .build())) {
      assertThat(group.get("wide-1").runner().workers()).isEqualTo(6);
      assertThat(group.get("narrow").runner().workers()).isEqualTo(1);
      assertThat(group.get("narrow").id()).isEqualTo("sized/narrow");
      assertThatThrownBy(() -> group.get("a/b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but was 'a/b'");
    }
  }

  @Test
  void everyQueueTheGroupMakesComesFromItsFactoryAlsoThoseStartedForOtherProcessesWork()
      throws Exception {
    Ledger ledger = Ledger.create();
    Map<String, String> made = new ConcurrentHashMap<>();
    new PostgresQueue(template(Duration.ofMillis(200)).withName("made/remote"))
        .put(new ContractJob("r-1", ledger));
    try (PostgresQueueGroup group =
        new PostgresQueueGroup(
            PostgresQueueGroupOptions.builder("made", template(Duration.ofMillis(200)))
                .backgroundStartFrequency(Duration.ofMillis(200))
                .queueFactory(
                    (queueName, options) -> {
                      made.put(queueName, options.name());
                      PostgresQueue queue = new PostgresQueue(options);
                      queue.setRunner(Runners.single());
                      return queue;
                    })
                .build())) {
      group.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> ledger.runs("r-1") == 1);
      assertThat(group.get("local").runner().workers()).isEqualTo(1);
      assertThat(made)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("remote", "made/remote", "local", "made/local"));
    }
    assertThatThrownBy(
            () ->
                PostgresQueueGroupOptions.builder("made", template(Duration.ofSeconds(1)))
                    .queueFactory(null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueFactory");
  }
}
