package dev.amboy.spring.boot.autoconfigure.health;

import dev.amboy.spring.boot.actuate.health.AmboyHealthIndicator;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyLifecycle;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code amboy} health contributor ({@link AmboyHealthIndicator}), when Spring Boot's health
 * module is present; {@code management.health.amboy.enabled=false} turns it off.
 */
@AutoConfiguration(
    after = AmboyAutoConfiguration.class,
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({AmboyQueues.class, AmboyLifecycle.class})
public class AmboyHealthAutoConfiguration {

  /**
   * Named so that the health component key is {@code amboy}. The enablement condition sits here,
   * not on the class, so that it is only read with the health module present.
   */
  @Bean
  @ConditionalOnMissingBean(name = "amboyHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("amboy")
  AmboyHealthIndicator amboyHealthIndicator(
      AmboyQueues amboyQueues, AmboyLifecycle amboyLifecycle) {
    return new AmboyHealthIndicator(amboyQueues, amboyLifecycle);
  }
}
