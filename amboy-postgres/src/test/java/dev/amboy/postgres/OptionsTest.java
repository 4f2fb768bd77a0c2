package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.QueueInfo;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Options report every invalid value at once, naming the field, the rule and the value. */
class OptionsTest {

  private final JobRegistry registry = new JobRegistry();

  @Test
  void queueOptionsHaveDefaults() {
    PostgresQueueOptions options =
        PostgresQueueOptions.builder("jobs", TestDatabase.dataSource(), registry).build();
    assertThat(options.schema()).isEqualTo("amboy");
    assertThat(options.dispatchMode()).isEqualTo(DispatchMode.UNORDERED);
    assertThat(options.lockTimeout()).isEqualTo(QueueInfo.DEFAULT_LOCK_TIMEOUT);
    assertThat(options.claimBatchSize()).isEqualTo(128);
    assertThat(options.joinCallerTransactions()).isFalse();
    assertThat(options.withName("other").name()).isEqualTo("other");
    assertThat(options.withWorkers(3).workers()).isEqualTo(3);
    assertThat(options.toBuilder().build()).isEqualTo(options);
  }

  @Test
  void queueOptionsReportEveryViolation() {
    assertThatThrownBy(
            () ->
                PostgresQueueOptions.builder("bad name", null, null)
                    .schema("Bad")
                    .dispatchMode(null)
                    .lockTimeout(Duration.ofMillis(10))
                    .claimBatchSize(0)
                    .completionBatchSize(20_000)
                    .completionFlushInterval(Duration.ofSeconds(-1))
                    .pollInterval(Duration.ZERO)
                    .retryPolicy(null)
                    .completedRetention(Duration.ofDays(-1))
                    .workers(0)
                    .clock(null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid postgres queue options: ")
        .hasMessageContaining("name must be 1-200 letters")
        .hasMessageContaining("but was 'bad name'")
        .hasMessageContaining("dataSource must be set but was null")
        .hasMessageContaining("registry must be set but was null")
        .hasMessageContaining("schema must be 1-56 lower-case letters")
        .hasMessageContaining("dispatchMode must be set but was null")
        .hasMessageContaining("lockTimeout must be >= PT0.1S but was PT0.01S")
        .hasMessageContaining("claimBatchSize must be between 1 and 10000 but was 0")
        .hasMessageContaining("completionBatchSize must be between 1 and 10000 but was 20000")
        .hasMessageContaining("completionFlushInterval must be between 0 and 10s but was PT-1S")
        .hasMessageContaining("pollInterval must be >= PT0.01S but was PT0S")
        .hasMessageContaining("retryPolicy must be set but was null")
        .hasMessageContaining("completedRetention must be >= 0 but was PT-24H")
        .hasMessageContaining("workers must be between 1 and 10000 but was 0")
        .hasMessageContaining("clock must be set but was null");
  }

  @Test
  void groupOptionsReportEveryViolation() {
    assertThatThrownBy(
            () ->
                PostgresQueueGroupOptions.builder("a/b", null)
                    .ttl(Duration.ofSeconds(-1))
                    .pruneFrequency(null)
                    .backgroundStartFrequency(Duration.ofSeconds(-2))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must be 1-99 letters")
        .hasMessageContaining("template must be set")
        .hasMessageContaining("ttl must be >= 0 but was PT-1S")
        .hasMessageContaining("pruneFrequency must be >= 0 but was null")
        .hasMessageContaining("backgroundStartFrequency must be >= 0 but was PT-2S");
  }

  @Test
  void managerOptionsNeedExactlyOneOfQueueAndGroup() {
    assertThatThrownBy(
            () ->
                new PostgresQueueManagerOptions(
                    TestDatabase.dataSource(),
                    "amboy",
                    "q",
                    "g",
                    Duration.ofMinutes(1),
                    java.time.Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "exactly one of queue and group must be set but queue was 'q' and group was 'g'");
    assertThatThrownBy(
            () ->
                PostgresQueueManagerOptions.forGroup(null, "bad/group")
                    .schema("x-y")
                    .lockTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataSource must be set")
        .hasMessageContaining("schema must be")
        .hasMessageContaining("group must be 1-99 letters")
        .hasMessageContaining("lockTimeout must be >= PT0.1S but was PT0S");
  }
}
