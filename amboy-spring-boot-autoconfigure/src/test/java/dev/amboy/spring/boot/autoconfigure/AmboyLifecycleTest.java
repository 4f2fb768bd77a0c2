package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Job;
import dev.amboy.JobStatus;
import dev.amboy.Queue;
import dev.amboy.spring.boot.autoconfigure.testapp.JobLedger;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/** Queues start after refresh and drain for the shutdown timeout, all at once, at close. */
@Timeout(60)
class AmboyLifecycleTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmboyAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class);

  @Test
  void thePhaseStopsTheQueuesAfterTheWebServer() {
    assertThat(AmboyLifecycle.PHASE).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 3072);
    runner.run(
        context ->
            assertThat(context.getBean(AmboyLifecycle.class).getPhase())
                .isEqualTo(AmboyLifecycle.PHASE));
  }

  @Test
  void runningJobsThatOutlastTheDrainAreInterruptedAndReleasedNoneLeftRunning() {
    runner
        .withPropertyValues("amboy.queues.slow.workers=2", "amboy.shutdown.timeout=1s")
        .run(
            context -> {
              AmboyTemplate template = context.getBean(AmboyTemplate.class);
              Queue slow = context.getBean("slow", Queue.class);
              List<Job> jobs =
                  Stream.generate(() -> template.put("slow", "sleep", Map.of("millis", 30_000)))
                      .limit(4)
                      .toList();
              await().atMost(Duration.ofSeconds(10)).until(() -> slow.stats().running() == 2);
              AmboyLifecycle lifecycle = context.getBean(AmboyLifecycle.class);
              JobLedger ledger = context.getBean(JobLedger.class);

              long elapsed = closeAndTime(context);

              assertThat(elapsed).as("drain of 1s, then interrupt").isBetween(900L, 6_000L);
              assertThat(lifecycle.state()).isEqualTo(AmboyLifecycle.State.STOPPED);
              for (Job job : jobs) {
                JobStatus status = slow.get(job.id()).orElseThrow().status();
                assertThat(status.inProgress()).as("job %s in progress", job.id()).isFalse();
                assertThat(status.completed()).as("job %s completed", job.id()).isFalse();
              }
              assertThat(slow.stats().running()).isZero();
              assertThat(slow.stats().pending()).isEqualTo(4);
              assertThat(ledger.entries()).noneMatch(entry -> entry.startsWith("finished"));
            });
  }

  @Test
  void jobsThatFinishWithinTheDrainComplete() {
    runner
        .withPropertyValues("amboy.queues.slow.workers=2", "amboy.shutdown.timeout=20s")
        .run(
            context -> {
              AmboyTemplate template = context.getBean(AmboyTemplate.class);
              Queue slow = context.getBean("slow", Queue.class);
              Job first = template.put("slow", "sleep", Map.of("millis", 400));
              Job second = template.put("slow", "sleep", Map.of("millis", 400));
              await().atMost(Duration.ofSeconds(10)).until(() -> slow.stats().running() == 2);

              long elapsed = closeAndTime(context);

              assertThat(elapsed)
                  .as("returns once the jobs end, not after 20s")
                  .isLessThan(10_000L);
              assertThat(slow.get(first.id()).orElseThrow().status().completed()).isTrue();
              assertThat(slow.get(second.id()).orElseThrow().status().completed()).isTrue();
              assertThat(first.errors()).isEmpty();
            });
  }

  @Test
  void queuesAndGroupsDrainInParallel() {
    runner
        .withPropertyValues(
            "amboy.queues.a.workers=1",
            "amboy.queues.b.workers=1",
            "amboy.queues.c.workers=1",
            "amboy.groups.tenants.queue.workers=1",
            "amboy.shutdown.timeout=2s")
        .run(
            context -> {
              AmboyTemplate template = context.getBean(AmboyTemplate.class);
              List<String> queues = List.of("a", "b", "c", "tenants:x", "tenants:y");
              for (String queue : queues) {
                template.put(queue, "sleep", Map.of("millis", 30_000));
              }
              AmboyQueues catalog = context.getBean(AmboyQueues.class);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(
                      () ->
                          queues.stream()
                              .allMatch(q -> catalog.find(q).orElseThrow().stats().running() == 1));

              List<Queue> named =
                  List.of("a", "b", "c").stream()
                      .map(name -> context.getBean(name, Queue.class))
                      .toList();

              long elapsed = closeAndTime(context);

              assertThat(elapsed)
                  .as("five queues with a 2s drain each close together, not one after another")
                  .isBetween(1_900L, 7_000L);
              for (Queue queue : named) {
                assertThat(queue.stats().running()).isZero();
                assertThat(queue.stats().pending()).isEqualTo(1);
              }
            });
  }

  @Test
  void aStoppedLifecycleCannotStartAgain() {
    runner.run(
        context -> {
          AmboyLifecycle lifecycle = context.getBean(AmboyLifecycle.class);
          assertThat(lifecycle.isRunning()).isTrue();
          lifecycle.stop();
          assertThat(lifecycle.isRunning()).isFalse();
          assertThatThrownBy(lifecycle::start)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("cannot start again");
        });
  }

  private static long closeAndTime(ConfigurableApplicationContext context) {
    long start = System.nanoTime();
    context.close();
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}
