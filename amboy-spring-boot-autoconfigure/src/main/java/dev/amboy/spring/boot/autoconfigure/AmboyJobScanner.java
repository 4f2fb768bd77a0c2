package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Job;
import dev.amboy.JobType;
import dev.amboy.spring.AmboyJob;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds {@code @AmboyJob} classes in the application's packages and registers each as a prototype
 * bean. The annotation is deliberately not a {@code @Component}: a job is created per run (and per
 * job read back from storage), never shared.
 */
final class AmboyJobScanner {

  private final BeanDefinitionRegistry registry;
  private final Environment environment;
  private final ResourceLoader resourceLoader;
  private final List<Problem> problems;

  AmboyJobScanner(
      BeanDefinitionRegistry registry,
      Environment environment,
      ResourceLoader resourceLoader,
      List<Problem> problems) {
    this.registry = registry;
    this.environment = environment;
    this.resourceLoader = resourceLoader;
    this.problems = problems;
  }

  /**
   * Scans the packages; reports bad classes and duplicate types to the problem list.
   *
   * @return the job classes found, not yet registered
   */
  List<AmboyJobTypes.Entry> scan(List<String> packages) {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, environment);
    scanner.setResourceLoader(resourceLoader);
    scanner.addIncludeFilter(new AnnotationTypeFilter(AmboyJob.class, false));
    Set<String> classNames = new LinkedHashSet<>();
    for (String basePackage : packages) {
      for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
        classNames.add(candidate.getBeanClassName());
      }
    }
    Map<JobType, Class<?>> claimed = new LinkedHashMap<>();
    List<AmboyJobTypes.Entry> found = new ArrayList<>();
    for (String className : classNames) {
      Class<?> candidate = ClassUtils.resolveClassName(className, resourceLoader.getClassLoader());
      AmboyJobTypes.Entry entry = entry(candidate);
      if (entry == null) {
        continue;
      }
      Class<?> other = claimed.putIfAbsent(entry.type(), candidate);
      if (other != null) {
        problems.add(
            new Problem(
                annotation(entry.type()),
                other.getName() + ", " + candidate.getName(),
                "two classes claim job type '"
                    + entry.type().name()
                    + "' version "
                    + entry.type().version()
                    + "; give one of them another type or version"));
        continue;
      }
      found.add(entry);
    }
    return found;
  }

  /** Registers a prototype bean definition for each job class that has none yet. */
  void register(List<AmboyJobTypes.Entry> jobs) {
    for (AmboyJobTypes.Entry job : jobs) {
      String shared = sharedDefinition(job.jobClass());
      if (shared != null) {
        problems.add(
            new Problem(
                job.jobClass().getName(),
                "bean '" + shared + "'",
                "an @AmboyJob class is created for every job and must not be a shared bean; remove"
                    + " @Component (or make the bean prototype-scoped)"));
        continue;
      }
      if (!registry.containsBeanDefinition(job.beanName())) {
        AbstractBeanDefinition definition =
            BeanDefinitionBuilder.genericBeanDefinition(job.jobClass())
                .setScope(BeanDefinition.SCOPE_PROTOTYPE)
                .getBeanDefinition();
        registry.registerBeanDefinition(job.beanName(), definition);
      }
    }
  }

  private AmboyJobTypes.Entry entry(Class<?> candidate) {
    AmboyJob annotation = candidate.getAnnotation(AmboyJob.class);
    if (!Job.class.isAssignableFrom(candidate)) {
      problems.add(
          new Problem(
              candidate.getName(),
              "@AmboyJob(type = \"" + annotation.type() + "\")",
              "an @AmboyJob class must implement dev.amboy.Job (extend AbstractJob)"));
      return null;
    }
    JobType type;
    try {
      type = JobType.of(annotation.type(), annotation.version());
    } catch (IllegalArgumentException e) {
      problems.add(
          new Problem(
              candidate.getName(),
              "@AmboyJob(type = \"" + annotation.type() + "\")",
              "the job type needs a name: " + e.getMessage()));
      return null;
    }
    return new AmboyJobTypes.Entry(type, candidate.asSubclass(Job.class), candidate.getName());
  }

  private String sharedDefinition(Class<?> jobClass) {
    for (String name : registry.getBeanDefinitionNames()) {
      BeanDefinition definition = registry.getBeanDefinition(name);
      if (jobClass.getName().equals(definition.getBeanClassName()) && !definition.isPrototype()) {
        return name;
      }
    }
    return null;
  }

  private static String annotation(JobType type) {
    return "@AmboyJob(type = \"" + type.name() + "\", version = " + type.version() + ")";
  }
}
