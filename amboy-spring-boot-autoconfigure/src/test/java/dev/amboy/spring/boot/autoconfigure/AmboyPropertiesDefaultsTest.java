package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.QueueInfo;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.queue.LocalQueueGroupOptions;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.retry.RetryPolicy;
import dev.amboy.schedule.QueueOperationConfig;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.GroupProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.OperationProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.QueueProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The properties' defaults are the core library's defaults. */
class AmboyPropertiesDefaultsTest {

  @Test
  void queueDefaultsAreTheLocalQueueAndRunnerDefaults() {
    QueueProperties queue = new QueueProperties();
    LocalQueueOptions options = LocalQueueOptions.builder("q").build();
    RunnerOptions runner = RunnerOptions.builder().build();

    assertThat(queue.getKind()).isEqualTo("limited-size");
    assertThat(queue.getRunner()).isEqualTo("pool");
    assertThat(queue.getCapacity()).isEqualTo(options.capacity());
    assertThat(queue.getLockTimeout()).isEqualTo(options.lockTimeout());
    assertThat(queue.getLockTimeout()).isEqualTo(QueueInfo.DEFAULT_LOCK_TIMEOUT);
    assertThat(queue.getPutTimeout()).isEqualTo(options.putTimeout());
    assertThat(queue.getIdleTimeout()).isEqualTo(runner.idleTimeout());
    assertThat(queue.getWorkers())
        .as("unset: the queue gets RunnerOptions.defaultWorkers(), as core does")
        .isNull();
    assertThat(options.workers()).isEqualTo(RunnerOptions.defaultWorkers());
    assertThat(runner.workers()).isEqualTo(RunnerOptions.defaultWorkers());
    assertThat(runner.virtualThreads()).isFalse();
    assertThat(queue.getRetry().getMaxAttempts())
        .isEqualTo(options.retryPolicy().maxAttempts())
        .isEqualTo(RetryPolicy.none().maxAttempts());
    assertThat(queue.getRetry().getDelay()).isEqualTo(Duration.ZERO);
    assertThat(queue.getRateLimit().getInterval()).isNull();
    assertThat(queue.getRateLimit().getTarget()).isNull();
    assertThat(queue.getRateLimit().getPeriod()).isNull();
  }

  @Test
  void groupDefaultsAreTheLocalQueueGroupDefaults() {
    GroupProperties group = new GroupProperties();
    LocalQueueGroupOptions options =
        LocalQueueGroupOptions.builder("g").queueFactory(name -> null).build();

    assertThat(group.getKind()).isEqualTo("local");
    assertThat(group.getTtl()).isEqualTo(options.ttl());
    assertThat(group.getPruneFrequency()).isEqualTo(options.pruneFrequency());
    assertThat(group.getQueue().getCapacity()).isEqualTo(LocalQueueOptions.DEFAULT_CAPACITY);
  }

  @Test
  void operationDefaultsAreTheCoreDefaultsExceptThatErrorsAreLoggedAndDoNotEndTheSchedule() {
    OperationProperties operation = new OperationProperties();
    QueueOperationConfig core = QueueOperationConfig.defaults();

    assertThat(operation.getJitter()).isEqualTo(core.jitter());
    assertThat(operation.getThreshold()).isEqualTo(core.threshold());
    assertThat(operation.isRespectThreshold()).isEqualTo(core.respectThreshold());
    assertThat(operation.isDebugLogging()).isEqualTo(core.debugLogging());
    assertThat(operation.isEnableDuplicateJobReporting())
        .isEqualTo(core.enableDuplicateJobReporting());
    assertThat(operation.isContinueOnError()).isTrue();
    assertThat(core.continueOnError()).isFalse();
    assertThat(operation.isLogErrors()).isTrue();
    assertThat(core.logErrors()).isFalse();
    assertThat(operation.getZone()).isEqualTo("UTC");
  }

  @Test
  void shutdownAndPostgresDefaults() {
    AmboyProperties properties = new AmboyProperties();
    assertThat(properties.isEnabled()).isTrue();
    assertThat(properties.getShutdown().getTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.getPostgres().getSchema()).isEqualTo("amboy");
    assertThat(properties.getPostgres().getInitializeSchema()).isEqualTo("embedded");
  }
}
