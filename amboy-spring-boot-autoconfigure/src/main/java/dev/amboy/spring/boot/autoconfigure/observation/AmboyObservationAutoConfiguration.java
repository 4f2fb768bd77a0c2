package dev.amboy.spring.boot.autoconfigure.observation;

import dev.amboy.spring.boot.actuate.observation.AmboyObservations;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer observations around each put and run of a job ({@link AmboyObservations}), with the
 * trace context carried in the job's headers, when an {@link ObservationRegistry} is present.
 */
@AutoConfiguration(
    after = AmboyAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({AmboyQueues.class, ObservationRegistry.class})
public class AmboyObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  AmboyObservations amboyObservations(
      ObservationRegistry observationRegistry, AmboyQueues amboyQueues) {
    return new AmboyObservations(observationRegistry, amboyQueues);
  }
}
