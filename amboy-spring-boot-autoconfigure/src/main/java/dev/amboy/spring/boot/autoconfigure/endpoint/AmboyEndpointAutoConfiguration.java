package dev.amboy.spring.boot.autoconfigure.endpoint;

import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpointWebExtension;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyLifecycle;
import dev.amboy.spring.boot.autoconfigure.AmboyOperations;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code amboy} actuator endpoint ({@link AmboyEndpoint}) and its web extension, when the
 * actuator is present and the endpoint is available ({@code management.endpoint.amboy.access} and
 * exposure).
 */
@AutoConfiguration(after = AmboyAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean({AmboyQueues.class, AmboyOperations.class, AmboyLifecycle.class})
public class AmboyEndpointAutoConfiguration {

  /**
   * Guarded here, not on the class, so that the condition is only read with the actuator present.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  AmboyEndpoint amboyEndpoint(
      AmboyQueues amboyQueues,
      AmboyOperations amboyOperations,
      AmboyLifecycle amboyLifecycle,
      AmboyProperties properties) {
    Map<String, String> groupKinds = new LinkedHashMap<>();
    properties.getGroups().forEach((name, group) -> groupKinds.put(name, group.getKind()));
    return new AmboyEndpoint(amboyQueues, amboyOperations, amboyLifecycle, groupKinds);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(AmboyEndpoint.class)
  AmboyEndpointWebExtension amboyEndpointWebExtension(AmboyEndpoint amboyEndpoint) {
    return new AmboyEndpointWebExtension(amboyEndpoint);
  }
}
