package dev.amboy.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.spring.boot.actuate.metrics.AmboyMetrics;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import dev.amboy.spring.boot.autoconfigure.metrics.AmboyMetricsAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Timeout(60)
class AmboyMetricsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  AmboyAutoConfiguration.class,
                  AmboyMetricsAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues(
              "amboy.queues.work.workers=2",
              "amboy.queues.hold.workers=1",
              "amboy.queues.hold.runner=abortable",
              "amboy.groups.tenants.ttl=0s",
              "amboy.groups.tenants.prune-frequency=0s");

  @Test
  void gaugesCountJobsByStateAndTimersRecordRunsAndLatencies() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(AmboyMetrics.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          Queue work = context.getBean("work", Queue.class);
          for (int i = 0; i < 3; i++) {
            template.put("work", "greet", Map.of("name", "n" + i));
          }
          work.put(
              Jobs.of(
                  "fails",
                  ctx -> {
                    throw new IllegalStateException("boom");
                  }));
          await().atMost(Duration.ofSeconds(10)).until(() -> work.stats().completed() == 4);

          assertThat(gauge(registry, "work", "completed")).isEqualTo(4.0);
          assertThat(gauge(registry, "work", "pending")).isZero();
          assertThat(gauge(registry, "work", "running")).isZero();
          assertThat(gauge(registry, "work", "blocked")).isZero();
          assertThat(gauge(registry, "hold", "completed")).isZero();

          Timer success =
              registry
                  .get(AmboyMetrics.JOB_DURATION)
                  .tags("queue", "work", "type", "greet", "outcome", "success")
                  .timer();
          assertThat(success.count()).isEqualTo(3);
          assertThat(
                  registry
                      .get(AmboyMetrics.JOB_DURATION)
                      .tags("queue", "work", "type", "lambda", "outcome", "error")
                      .timer()
                      .count())
              .isEqualTo(1);
          assertThat(
                  registry
                      .get(AmboyMetrics.JOB_LATENCY)
                      .tags("queue", "work", "type", "greet")
                      .timer()
                      .count())
              .isEqualTo(3);
        });
  }

  @Test
  void abortedJobsAreTaggedAborted() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          Queue hold = context.getBean("hold", Queue.class);
          CountDownLatch never = new CountDownLatch(1);
          hold.put(Jobs.of("stuck", ctx -> never.await()));
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> gauge(registry, "hold", "running") == 1.0);
          ((dev.amboy.AbortableRunner) hold.runner()).abort("stuck");
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      registry
                              .find(AmboyMetrics.JOB_DURATION)
                              .tags("queue", "hold", "outcome", "aborted")
                              .timer()
                          != null);
        });
  }

  @Test
  void queuesAGroupCreatesGetMetersWhichGoWhenTheyArePruned() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          QueueGroup tenants = context.getBean("tenants", QueueGroup.class);
          assertThat(
                  registry.get(AmboyMetrics.GROUP_QUEUES).tag("group", "tenants").gauge().value())
              .isZero();
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          var job = template.put("tenants:acme", "greet", Map.of("name", "acme"));
          template.await("tenants:acme", job.id(), Duration.ofSeconds(10));

          assertThat(
                  registry.get(AmboyMetrics.GROUP_QUEUES).tag("group", "tenants").gauge().value())
              .isEqualTo(1.0);
          assertThat(gauge(registry, "tenants:acme", "completed")).isEqualTo(1.0);
          assertThat(
                  registry
                      .get(AmboyMetrics.JOB_DURATION)
                      .tags("queue", "tenants:acme", "type", "greet", "outcome", "success")
                      .timer()
                      .count())
              .isEqualTo(1);

          // with a ttl of zero, a pass keeps a queue asked for since the previous pass
          assertThat(tenants.prune()).isZero();
          assertThat(tenants.prune()).isEqualTo(1);
          assertThat(registry.find(AmboyMetrics.QUEUE_JOBS).tag("queue", "tenants:acme").meters())
              .isEmpty();
          assertThat(registry.find(AmboyMetrics.JOB_DURATION).tag("queue", "tenants:acme").meters())
              .isEmpty();
          assertThat(
                  registry.get(AmboyMetrics.GROUP_QUEUES).tag("group", "tenants").gauge().value())
              .isZero();
        });
  }

  @Test
  void aScrapeOfAQueuesStateGaugesReadsItsStatsOnce() {
    runner
        .withUserConfiguration(CountedQueueConfiguration.class)
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              Queue queue = context.getBean("counted", Queue.class);
              AtomicInteger statsReads = context.getBean("statsReads", AtomicInteger.class);
              CountDownLatch release = new CountDownLatch(1);
              queue.put(Jobs.of("held", ctx -> release.await()));
              queue.put(Jobs.of("waiting", ctx -> {}));
              try {
                await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().running() == 1);
                int before = statsReads.get();
                assertThat(scrape(registry, "counted")).containsExactly(1.0, 1.0, 0.0, 0.0);
                assertThat(statsReads.get() - before).isEqualTo(1);
              } finally {
                release.countDown();
              }
              assertThat(Amboy.wait(queue, Duration.ofSeconds(10))).isTrue();
              int settled = statsReads.get();
              assertThat(scrape(registry, "counted")).containsExactly(0.0, 0.0, 2.0, 0.0);
              assertThat(statsReads.get() - settled).isEqualTo(1);
            });
  }

  /** A real queue whose stats reads are counted. */
  @Configuration(proxyBeanMethods = false)
  static class CountedQueueConfiguration {

    @Bean
    AtomicInteger statsReads() {
      return new AtomicInteger();
    }

    @Bean
    Queue counted(AtomicInteger statsReads) {
      Queue queue = Queues.limitedSize(LocalQueueOptions.builder("counted").workers(1).build());
      return (Queue)
          Proxy.newProxyInstance(
              Queue.class.getClassLoader(),
              new Class<?>[] {Queue.class},
              (proxy, method, args) -> {
                if (method.getName().equals("stats")) {
                  statsReads.incrementAndGet();
                }
                try {
                  return method.invoke(queue, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  /** Reads a queue's state gauges one after another, as a registry's scrape does. */
  private static double[] scrape(MeterRegistry registry, String queue) {
    return Stream.of("pending", "running", "completed", "blocked")
        .mapToDouble(state -> gauge(registry, queue, state))
        .toArray();
  }

  private static double gauge(MeterRegistry registry, String queue, String state) {
    return registry
        .get(AmboyMetrics.QUEUE_JOBS)
        .tags("queue", queue, "state", state)
        .gauge()
        .value();
  }
}
