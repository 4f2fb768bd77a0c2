package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Job;
import dev.amboy.schedule.CronExpression;
import dev.amboy.schedule.QueueOperation;
import dev.amboy.schedule.QueueOperationConfig;
import dev.amboy.schedule.QueueOperations;
import dev.amboy.schedule.Schedule;
import dev.amboy.spring.AmboyInterval;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link AmboyInterval} methods on beans as they are initialized and turns each into an
 * {@link OperationPlan}; the lifecycle starts them after the context is refreshed. A method that
 * cannot be scheduled fails start-up naming the method and the attribute.
 */
class AmboyIntervalPostProcessor implements BeanPostProcessor, EnvironmentAware {

  private static final String INVALID_NAME_CHARACTERS = "[^A-Za-z0-9._:@-]";

  private final List<OperationPlan> plans = new CopyOnWriteArrayList<>();
  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  /** The operations found so far. */
  List<OperationPlan> plans() {
    return List.copyOf(plans);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> target = AopUtils.getTargetClass(bean);
    if (target.getName().startsWith("java.")) {
      return bean;
    }
    Map<Method, AmboyInterval> annotated =
        MethodIntrospector.selectMethods(
            target,
            (MethodIntrospector.MetadataLookup<AmboyInterval>)
                method -> AnnotatedElementUtils.findMergedAnnotation(method, AmboyInterval.class));
    if (annotated.isEmpty()) {
      return bean;
    }
    List<Problem> problems = new ArrayList<>();
    annotated.forEach(
        (method, annotation) -> {
          OperationPlan plan = plan(bean, beanName, method, annotation, problems);
          if (plan != null) {
            plans.add(plan);
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidAmboyConfigurationException(problems);
    }
    return bean;
  }

  private OperationPlan plan(
      Object bean,
      String beanName,
      Method method,
      AmboyInterval annotation,
      List<Problem> problems) {
    String source =
        "@AmboyInterval " + method.getDeclaringClass().getName() + "." + method.getName() + "()";
    int before = problems.size();
    if (method.getParameterCount() != 0) {
      problems.add(
          new Problem(
              source,
              method.getParameterCount() + " parameters",
              "an @AmboyInterval method takes no arguments"));
    }
    Class<?> returns = method.getReturnType();
    if (!Job.class.isAssignableFrom(returns)
        && !Collection.class.isAssignableFrom(returns)
        && !Stream.class.isAssignableFrom(returns)) {
      problems.add(
          new Problem(
              source,
              "returns " + returns.getName(),
              "an @AmboyInterval method returns a Job, a Collection of jobs or a Stream of jobs"));
    }
    String queue = resolve(annotation.queue());
    if (queue.isBlank()) {
      problems.add(new Problem(source + " queue", queue, "must name the queue the jobs go into"));
    }
    String interval = resolve(annotation.interval());
    String cron = resolve(annotation.cron());
    Function<Instant, Schedule> schedule = null;
    if (interval.isBlank() == cron.isBlank()) {
      problems.add(
          new Problem(
              source + " interval/cron",
              interval.isBlank() ? null : interval + " / " + cron,
              "set exactly one of interval and cron"));
    } else if (!interval.isBlank()) {
      Duration every = duration(source + " interval", interval, problems);
      String delayText = resolve(annotation.initialDelay());
      Duration delay =
          delayText.isBlank() ? null : duration(source + " initialDelay", delayText, problems);
      if (every != null && every.compareTo(Duration.ofMillis(1)) < 0) {
        problems.add(new Problem(source + " interval", interval, "must be >= 1ms"));
      } else if (every != null) {
        schedule = OperationPlan.interval(every, delay);
      }
    } else {
      schedule = cronSchedule(source, cron, resolve(annotation.zone()), annotation, problems);
    }
    String jitterText = resolve(annotation.jitter());
    Duration jitter =
        jitterText.isBlank() ? Duration.ZERO : duration(source + " jitter", jitterText, problems);
    QueueOperationConfig config = null;
    if (jitter != null) {
      try {
        config =
            QueueOperationConfig.builder()
                .threshold(annotation.threshold())
                .respectThreshold(annotation.respectThreshold())
                .continueOnError(annotation.continueOnError())
                .logErrors(annotation.logErrors())
                .enableDuplicateJobReporting(annotation.enableDuplicateJobReporting())
                .jitter(jitter)
                .build();
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(source, null, e.getMessage()));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    String name = resolve(annotation.name());
    if (name.isBlank()) {
      name = (beanName + "." + method.getName()).replaceAll(INVALID_NAME_CHARACTERS, "-");
    }
    Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
    ReflectionUtils.makeAccessible(invocable);
    return new OperationPlan(name, source, queue, schedule, config, invoking(bean, invocable));
  }

  private Function<Instant, Schedule> cronSchedule(
      String source,
      String cron,
      String zoneText,
      AmboyInterval annotation,
      List<Problem> problems) {
    if (!resolve(annotation.initialDelay()).isBlank()) {
      problems.add(
          new Problem(
              source + " initialDelay",
              resolve(annotation.initialDelay()),
              "only interval schedules have an initial delay; a cron expression names its own"
                  + " times"));
    }
    CronExpression expression;
    try {
      expression = CronExpression.parse(cron);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(source + " cron", cron, e.getMessage()));
      return null;
    }
    ZoneId zone;
    try {
      zone = zoneText.isBlank() ? ZoneOffset.UTC : ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      problems.add(
          new Problem(
              source + " zone", zoneText, "must be a time zone id such as UTC or Europe/Berlin"));
      return null;
    }
    Schedule schedule = Schedule.cron(expression, zone);
    return now -> schedule;
  }

  private static QueueOperation invoking(Object bean, Method method) {
    return queue -> {
      Object result;
      try {
        result = method.invoke(bean);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception exception) {
          throw exception;
        }
        throw (Error) cause;
      }
      if (result == null) {
        return;
      }
      if (result instanceof Job job) {
        queue.put(job);
      } else if (result instanceof Collection<?> jobs) {
        QueueOperations.jobs(() -> asJobs(jobs, method)).run(queue);
      } else {
        Stream<?> stream = (Stream<?>) result;
        QueueOperations.generator(() -> stream.map(element -> asJob(element, method))).run(queue);
      }
    };
  }

  private static List<Job> asJobs(Collection<?> elements, Method method) {
    List<Job> jobs = new ArrayList<>(elements.size());
    for (Object element : elements) {
      jobs.add(asJob(element, method));
    }
    return jobs;
  }

  private static Job asJob(Object element, Method method) {
    if (element instanceof Job job) {
      return job;
    }
    throw new IllegalStateException(
        method.getDeclaringClass().getName()
            + "."
            + method.getName()
            + "() returned "
            + (element == null ? "null" : "a " + element.getClass().getName())
            + " among its jobs");
  }

  private Duration duration(String subject, String text, List<Problem> problems) {
    try {
      Duration value = DurationStyle.detectAndParse(text);
      if (value.isNegative()) {
        problems.add(new Problem(subject, text, "must not be negative"));
        return null;
      }
      return value;
    } catch (IllegalArgumentException e) {
      problems.add(
          new Problem(subject, text, "must be a duration such as 500ms, 30s, 5m, 1h or PT5M"));
      return null;
    }
  }

  private String resolve(String value) {
    return environment.resolvePlaceholders(value).trim();
  }
}
