package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.AbortableRunner;
import dev.amboy.DeletableJobQueue;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.Runner;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.QueueProperties;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Binds {@code amboy.*} and registers one bean per configured queue ({@code <name>}), per queue's
 * runner ({@code <name>.runner}) and per group ({@code <name>}), so that each is injectable by
 * name, plus a prototype bean per {@code @AmboyJob} class. A bean the application already defines
 * under one of these names wins and is left alone. Every property problem fails start-up here,
 * before any queue exists.
 */
class AmboyBeanRegistrar
    implements ImportBeanDefinitionRegistrar,
        EnvironmentAware,
        BeanFactoryAware,
        ResourceLoaderAware {

  private static final Logger log = LoggerFactory.getLogger(AmboyBeanRegistrar.class);

  /** Queue kinds whose queues can delete jobs. */
  private static final Set<String> DELETABLE_KINDS =
      Set.of(AmboyKinds.ADAPTIVE, AmboyKinds.PRIORITY, AmboyKinds.SHUFFLED);

  /** Runners that can abort running jobs. */
  private static final Set<String> ABORTABLE_RUNNERS =
      Set.of(AmboyKinds.ABORTABLE, AmboyKinds.RATE_LIMITED, AmboyKinds.EWMA);

  static final String JOB_TYPES_BEAN = "amboyJobTypes";

  private Environment environment;
  private BeanFactory beanFactory;
  private ResourceLoader resourceLoader;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    AmboyProperties properties =
        Binder.get(environment)
            .bind("amboy", AmboyProperties.class)
            .orElseGet(AmboyProperties::new);
    List<Problem> problems =
        new ArrayList<>(
            AmboyPropertiesValidator.validate(
                properties,
                registry::containsBeanDefinition,
                ClassUtils.isPresent(
                        "dev.amboy.postgres.PostgresQueue", resourceLoader.getClassLoader())
                    && ClassUtils.isPresent(
                        "org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy",
                        resourceLoader.getClassLoader())));
    AmboyJobScanner scanner = new AmboyJobScanner(registry, environment, resourceLoader, problems);
    List<AmboyJobTypes.Entry> jobs = scanner.scan(applicationPackages());
    scanner.register(jobs);
    if (!problems.isEmpty()) {
      throw new InvalidAmboyConfigurationException(asWritten(problems));
    }
    AmboyJobTypes jobTypes = new AmboyJobTypes(jobs);
    registry.registerBeanDefinition(
        JOB_TYPES_BEAN, new RootBeanDefinition(AmboyJobTypes.class, () -> jobTypes));
    properties.getQueues().forEach((name, queue) -> registerQueue(registry, name, queue));
    properties
        .getGroups()
        .keySet()
        .forEach(
            name ->
                register(
                    registry,
                    name,
                    QueueGroup.class,
                    () -> queueFactory().createGroup(name),
                    null));
  }

  /** Shows each bad value as the application wrote it ("-5m"), not as it was bound ("PT-5M"). */
  private List<Problem> asWritten(List<Problem> problems) {
    List<Problem> written = new ArrayList<>(problems.size());
    for (Problem problem : problems) {
      String raw =
          problem.subject().startsWith("amboy.") && problem.value() != null
              ? environment.getProperty(problem.subject())
              : null;
      written.add(raw == null ? problem : new Problem(problem.subject(), raw, problem.allowed()));
    }
    return written;
  }

  private void registerQueue(BeanDefinitionRegistry registry, String name, QueueProperties queue) {
    if (registry.containsBeanDefinition(name)) {
      log.debug("the application defines a bean named '{}'; amboy.queues.{} backs off", name, name);
      return;
    }
    String runnerName = name + AmboyKinds.RUNNER_BEAN_SUFFIX;
    Class<? extends Runner> runnerType =
        ABORTABLE_RUNNERS.contains(queue.getRunner()) ? AbortableRunner.class : Runner.class;
    register(registry, runnerName, runnerType, () -> queueFactory().createRunner(name), null);
    Class<? extends Queue> queueType =
        DELETABLE_KINDS.contains(queue.getKind()) ? DeletableJobQueue.class : Queue.class;
    register(registry, name, queueType, () -> queueFactory().createQueue(name), runnerName);
  }

  private void register(
      BeanDefinitionRegistry registry,
      String name,
      Class<?> type,
      Supplier<?> supplier,
      String dependsOn) {
    if (registry.containsBeanDefinition(name)) {
      log.debug("the application defines a bean named '{}'; amboy backs off", name);
      return;
    }
    RootBeanDefinition definition = new RootBeanDefinition(type);
    definition.setInstanceSupplier(supplier);
    if (dependsOn != null) {
      definition.setDependsOn(dependsOn);
    }
    registry.registerBeanDefinition(name, definition);
  }

  private AmboyQueueFactory queueFactory() {
    return beanFactory.getBean(AmboyQueueFactory.class);
  }

  private List<String> applicationPackages() {
    if (!AutoConfigurationPackages.has(beanFactory)) {
      log.debug("no auto-configuration packages; no @AmboyJob classes are scanned");
      return List.of();
    }
    return AutoConfigurationPackages.get(beanFactory);
  }
}
