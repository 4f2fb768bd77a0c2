package dev.amboy.spring.boot.actuate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.spring.boot.actuate.metrics.SharedQueueStats.State;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.metrics.AmboyMetricsAutoConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
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
class SharedQueueStatsTest {

  @Test
  void aScrapeOfTheFourStateGaugesReadsTheQueueStatsOnce() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                AmboyAutoConfiguration.class,
                AmboyMetricsAutoConfiguration.class))
        .withUserConfiguration(CountedQueueConfiguration.class)
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              StatsCountingQueue queue = context.getBean("counted", StatsCountingQueue.class);
              CountDownLatch release = new CountDownLatch(1);
              queue.put(Jobs.of("held", ctx -> release.await()));
              queue.put(Jobs.of("waiting", ctx -> {}));
              await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().running() == 1);
              int before = queue.statsReads();

              assertThat(scrape(registry)).containsExactly(1.0, 1.0, 0.0, 0.0);
              assertThat(queue.statsReads() - before).isEqualTo(1);

              release.countDown();
              assertThat(Amboy.wait(queue, Duration.ofSeconds(10))).isTrue();
              int settled = queue.statsReads();
              assertThat(scrape(registry)).containsExactly(0.0, 0.0, 2.0, 0.0);
              assertThat(queue.statsReads() - settled).isEqualTo(1);
            });
  }

  /** Reads the queue's gauges in the order of their states, as a registry's scrape does. */
  private static double[] scrape(MeterRegistry registry) {
    double[] values = new double[State.values().length];
    for (State state : State.values()) {
      Gauge gauge =
          registry
              .get(AmboyMetrics.QUEUE_JOBS)
              .tags("queue", "counted", "state", state.tag())
              .gauge();
      values[state.ordinal()] = gauge.value();
    }
    return values;
  }

  @Test
  void aSnapshotServesEachStateOnceSoAGaugeNeverGoesBackInTime() {
    StatsCountingQueue queue = new StatsCountingQueue(Queues.limitedSize(options()));
    AtomicLong now = new AtomicLong();
    SharedQueueStats shared = new SharedQueueStats(queue, now::get);

    assertThat(shared.count(State.PENDING)).isZero();
    assertThat(shared.count(State.COMPLETED)).isZero();
    assertThat(queue.statsReads()).isEqualTo(1);

    queue.put(Jobs.of("later", ctx -> {}));
    // pending was served by the first snapshot: its next read takes a new one
    assertThat(shared.count(State.PENDING)).isEqualTo(1.0);
    assertThat(queue.statsReads()).isEqualTo(2);
    assertThat(shared.count(State.RUNNING)).isZero();
    assertThat(shared.count(State.BLOCKED)).isZero();
    assertThat(queue.statsReads()).isEqualTo(2);
  }

  @Test
  void aSnapshotOlderThanASecondIsNotServed() {
    StatsCountingQueue queue = new StatsCountingQueue(Queues.limitedSize(options()));
    AtomicLong now = new AtomicLong();
    SharedQueueStats shared = new SharedQueueStats(queue, now::get);

    assertThat(shared.count(State.PENDING)).isZero();
    queue.put(Jobs.of("later", ctx -> {}));
    now.addAndGet(SharedQueueStats.MAX_AGE_NANOS);
    assertThat(shared.count(State.RUNNING)).isZero();
    assertThat(queue.statsReads()).isEqualTo(1);

    now.addAndGet(1);
    assertThat(shared.count(State.BLOCKED)).isZero();
    assertThat(queue.statsReads()).isEqualTo(2);
    assertThat(shared.count(State.COMPLETED)).isZero();
    assertThat(shared.count(State.PENDING)).isEqualTo(1.0);
    assertThat(queue.statsReads()).isEqualTo(2);
  }

  private static LocalQueueOptions options() {
    return LocalQueueOptions.builder("shared-stats").workers(1).build();
  }

  @Configuration(proxyBeanMethods = false)
  static class CountedQueueConfiguration {

    @Bean
    StatsCountingQueue counted() {
      return new StatsCountingQueue(Queues.limitedSize(options()));
    }
  }
}
