package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.registry.JobRegistry;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * amboy's core beans: the {@link JobRegistry} with every {@code @AmboyJob} class, a {@code Queue}
 * bean per {@code amboy.queues} entry and a {@code QueueGroup} bean per {@code amboy.groups} entry
 * (named by their keys), the {@link AmboyTemplate}, the scheduled operations and the {@link
 * AmboyLifecycle} that starts and drains them. {@code amboy.enabled=false} turns all of it off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "amboy.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AmboyProperties.class)
@Import(AmboyBeanRegistrar.class)
public class AmboyAutoConfiguration {

  /**
   * The job registry: the {@code @AmboyJob} classes (each job made by the bean factory, so its
   * collaborators are injected), then whatever {@link JobRegistryCustomizer}s add. Its mapper keeps
   * injected fields out of the stored payload.
   */
  @Bean
  @ConditionalOnMissingBean
  JobRegistry amboyJobRegistry(
      AmboyJobTypes amboyJobTypes,
      BeanFactory beanFactory,
      ObjectProvider<JobRegistryCustomizer> customizers) {
    JobRegistry registry = new JobRegistry(CollaboratorFieldIntrospector.jobMapper());
    List<Problem> problems = new ArrayList<>();
    for (AmboyJobTypes.Entry job : amboyJobTypes.jobs()) {
      try {
        registry.register(job.type(), () -> beanFactory.getBean(job.beanName(), job.jobClass()));
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(job.jobClass().getName(), job.type().toString(), e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidAmboyConfigurationException(problems);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(registry));
    return registry;
  }

  @Bean
  @ConditionalOnMissingBean
  AmboyQueues amboyQueues(ListableBeanFactory beanFactory) {
    return new AmboyQueues(beanFactory);
  }

  @Bean
  @ConditionalOnMissingBean
  AmboyQueueFactory amboyQueueFactory(
      AmboyProperties properties,
      BeanFactory beanFactory,
      AmboyQueues amboyQueues,
      ObjectProvider<AmboyQueueCustomizer> customizers,
      ObjectProvider<AmboyPutInterceptor> putInterceptors,
      ObjectProvider<Clock> clock,
      Environment environment) {
    return new AmboyQueueFactory(
        properties,
        beanFactory,
        amboyQueues,
        customizers,
        putInterceptors,
        clock.getIfUnique(Clock::systemUTC),
        environment);
  }

  @Bean
  @ConditionalOnMissingBean
  AmboyTemplate amboyTemplate(AmboyQueues amboyQueues, JobRegistry jobRegistry) {
    return new AmboyTemplate(amboyQueues, jobRegistry);
  }

  @Bean
  static AmboyIntervalPostProcessor amboyIntervalPostProcessor() {
    return new AmboyIntervalPostProcessor();
  }

  @Bean
  @ConditionalOnMissingBean
  AmboyOperations amboyOperations(
      AmboyProperties properties,
      AmboyQueues amboyQueues,
      AmboyTemplate amboyTemplate,
      JobRegistry jobRegistry,
      AmboyIntervalPostProcessor amboyIntervalPostProcessor,
      ObjectProvider<Clock> clock) {
    return new AmboyOperations(
        properties,
        amboyQueues,
        amboyTemplate,
        jobRegistry,
        amboyIntervalPostProcessor,
        clock.getIfUnique(Clock::systemUTC));
  }

  @Bean
  @ConditionalOnMissingBean
  AmboyLifecycle amboyLifecycle(
      AmboyQueues amboyQueues, AmboyOperations amboyOperations, AmboyProperties properties) {
    return new AmboyLifecycle(amboyQueues, amboyOperations, properties.getShutdown().getTimeout());
  }
}
