package dev.amboy.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Queue;
import dev.amboy.spring.boot.actuate.health.AmboyHealthIndicator;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyLifecycle;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import dev.amboy.spring.boot.autoconfigure.health.AmboyHealthAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@Timeout(60)
class AmboyHealthIndicatorTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  AmboyAutoConfiguration.class, AmboyHealthAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues(
              "amboy.queues.work.workers=1",
              "amboy.queues.other.workers=1",
              "amboy.groups.tenants.ttl=10m",
              "amboy.shutdown.timeout=3s");

  @Test
  void isUpWithDetailsPerQueueAndGroupWhileEverythingRuns() {
    runner.run(
        context -> {
          assertThat(context).hasBean("amboyHealthIndicator");
          context.getBean(AmboyTemplate.class).queue("tenants:acme");
          Health health = context.getBean(AmboyHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("state", "running");
          @SuppressWarnings("unchecked")
          Map<String, Map<String, Object>> queues =
              (Map<String, Map<String, Object>>) health.getDetails().get("queues");
          assertThat(queues).containsOnlyKeys("work", "other");
          assertThat(queues.get("work"))
              .containsEntry("status", "UP")
              .containsEntry("kind", "limited-size")
              .containsEntry("runner", "pool")
              .containsEntry("pending", 0L);
          @SuppressWarnings("unchecked")
          Map<String, Map<String, Object>> groups =
              (Map<String, Map<String, Object>>) health.getDetails().get("groups");
          assertThat(groups.get("tenants")).containsEntry("size", 1);
        });
  }

  @Test
  void isDownWhenAQueueStopsWhileTheApplicationRuns() {
    runner.run(
        context -> {
          context.getBean("other", Queue.class).close();
          Health health = context.getBean(AmboyHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          @SuppressWarnings("unchecked")
          Map<String, Map<String, Object>> queues =
              (Map<String, Map<String, Object>>) health.getDetails().get("queues");
          assertThat(queues.get("other"))
              .containsEntry("status", "DOWN")
              .containsEntry("closed", true);
          assertThat(queues.get("work")).containsEntry("status", "UP");
        });
  }

  @Test
  void isOutOfServiceWhileDrainingAndAfter() throws Exception {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          template.put("work", "sleep", Map.of("millis", 30_000));
          Queue work = context.getBean("work", Queue.class);
          await().atMost(Duration.ofSeconds(10)).until(() -> work.stats().running() == 1);
          AmboyHealthIndicator indicator = context.getBean(AmboyHealthIndicator.class);
          AmboyLifecycle lifecycle = context.getBean(AmboyLifecycle.class);

          Thread stopping = new Thread(lifecycle::stop, "stop-amboy");
          stopping.start();
          await()
              .atMost(Duration.ofSeconds(2))
              .until(() -> lifecycle.state() == AmboyLifecycle.State.DRAINING);
          Health draining = indicator.health();
          assertThat(draining.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
          assertThat(draining.getDetails()).containsEntry("state", "draining");
          stopping.join(Duration.ofSeconds(20).toMillis());

          Health stopped = indicator.health();
          assertThat(stopped.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
          assertThat(stopped.getDetails()).containsEntry("state", "stopped");
        });
  }

  @Test
  void canBeTurnedOff() {
    runner
        .withPropertyValues("management.health.amboy.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(AmboyHealthIndicator.class));
  }
}
