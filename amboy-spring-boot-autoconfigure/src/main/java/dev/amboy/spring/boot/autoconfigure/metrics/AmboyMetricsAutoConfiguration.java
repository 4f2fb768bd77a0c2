package dev.amboy.spring.boot.autoconfigure.metrics;

import dev.amboy.spring.boot.actuate.metrics.AmboyMetrics;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of amboy's queues and groups ({@link AmboyMetrics}), when Micrometer and a
 * {@link MeterRegistry} are present.
 */
@AutoConfiguration(
    after = AmboyAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({AmboyQueues.class, MeterRegistry.class})
public class AmboyMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  AmboyMetrics amboyMetrics(AmboyQueues amboyQueues) {
    return new AmboyMetrics(amboyQueues);
  }
}
