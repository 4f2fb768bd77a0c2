package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.Runner;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import dev.amboy.queue.LocalQueueGroupOptions;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.retry.Backoff;
import dev.amboy.retry.RetryPolicy;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.GroupProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.QueueProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.Retry;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;

/**
 * Builds the runners, queues and groups of {@code amboy.queues} and {@code amboy.groups} from the
 * validated properties. Queues are built unstarted; {@link AmboyLifecycle} starts them after the
 * context is refreshed.
 */
class AmboyQueueFactory {

  private final AmboyProperties properties;
  private final BeanFactory beanFactory;
  private final AmboyQueues catalog;
  private final ObjectProvider<AmboyQueueCustomizer> customizers;
  private final ObjectProvider<AmboyPutInterceptor> putInterceptors;
  private final Clock clock;
  private final boolean virtualThreads;

  AmboyQueueFactory(
      AmboyProperties properties,
      BeanFactory beanFactory,
      AmboyQueues catalog,
      ObjectProvider<AmboyQueueCustomizer> customizers,
      ObjectProvider<AmboyPutInterceptor> putInterceptors,
      Clock clock,
      Environment environment) {
    this.properties = properties;
    this.beanFactory = beanFactory;
    this.catalog = catalog;
    this.customizers = customizers;
    this.putInterceptors = putInterceptors;
    this.clock = clock;
    this.virtualThreads = Threading.VIRTUAL.isActive(environment);
  }

  /**
   * Whether workers run on virtual threads ({@code spring.threads.virtual.enabled} on Java 21+).
   */
  boolean virtualThreads() {
    return virtualThreads;
  }

  /** The runner of queue {@code name} of {@code amboy.queues}. */
  Runner createRunner(String name) {
    return runner(queueProperties(name));
  }

  /** Queue {@code name} of {@code amboy.queues}, with the runner bean {@code <name>.runner}. */
  Queue createQueue(String name) {
    QueueProperties settings = queueProperties(name);
    Queue queue =
        AmboyKinds.POSTGRES.equals(settings.getKind())
            ? postgres("amboy.queues." + name)
                .queue(name, settings, workers(settings), retryPolicy(settings.getRetry()))
            : localQueue(name, settings);
    queue.setRunner(beanFactory.getBean(name + AmboyKinds.RUNNER_BEAN_SUFFIX, Runner.class));
    customize(queue);
    return ManagedQueue.wrap(queue, putInterceptors(), null);
  }

  /** Group {@code name} of {@code amboy.groups}. */
  QueueGroup createGroup(String name) {
    GroupProperties settings = properties.getGroups().get(name);
    if (AmboyKinds.POSTGRES.equals(settings.getKind())) {
      QueueProperties template = settings.getQueue();
      return postgres("amboy.groups." + name)
          .group(
              name,
              settings,
              workers(template),
              retryPolicy(template.getRetry()),
              (member, queue) -> manageGroupQueue(name, member, template, queue));
    }
    return Queues.localGroup(
        LocalQueueGroupOptions.builder(name)
            .ttl(settings.getTtl())
            .pruneFrequency(settings.getPruneFrequency())
            .clock(clock)
            .queueFactory(member -> createGroupQueue(name, member, settings.getQueue()))
            .build());
  }

  private Queue createGroupQueue(String group, String member, QueueProperties template) {
    return manageGroupQueue(
        group,
        member,
        template,
        localQueue(group + AmboyQueues.GROUP_SEPARATOR + member, template));
  }

  /** Gives a queue a group made its runner and customizers, and enters it in the catalog. */
  private Queue manageGroupQueue(
      String group, String member, QueueProperties template, Queue queue) {
    queue.setRunner(runner(template));
    customize(queue);
    Queue managed =
        ManagedQueue.wrap(
            queue, putInterceptors(), closed -> catalog.groupQueueRemoved(group, member, closed));
    catalog.groupQueueAdded(group, member, managed);
    return managed;
  }

  private AmboyPostgresQueues postgres(String key) {
    AmboyPostgresQueues postgres =
        beanFactory.getBeanProvider(AmboyPostgresQueues.class).getIfAvailable();
    if (postgres == null) {
      throw new InvalidAmboyConfigurationException(
          List.of(
              new Problem(
                  key + ".kind",
                  AmboyKinds.POSTGRES,
                  "postgres needs one DataSource bean; set spring.datasource.url (with"
                      + " spring-boot-starter-jdbc and the PostgreSQL driver) or define a"
                      + " DataSource bean")));
    }
    return postgres;
  }

  private QueueProperties queueProperties(String name) {
    QueueProperties settings = properties.getQueues().get(name);
    if (settings == null) {
      throw new IllegalStateException("amboy.queues has no queue named '" + name + "'");
    }
    return settings;
  }

  private Queue localQueue(String id, QueueProperties settings) {
    LocalQueueOptions options =
        LocalQueueOptions.builder(id)
            .capacity(settings.getCapacity())
            .workers(AmboyKinds.NONE.equals(settings.getRunner()) ? 1 : workers(settings))
            .lockTimeout(settings.getLockTimeout())
            .putTimeout(settings.getPutTimeout())
            .retryPolicy(retryPolicy(settings.getRetry()))
            .clock(clock)
            .build();
    return switch (settings.getKind()) {
      case AmboyKinds.LIMITED_SIZE -> Queues.limitedSize(options);
      case AmboyKinds.ORDERED -> Queues.ordered(options);
      case AmboyKinds.ADAPTIVE -> Queues.adaptive(options);
      case AmboyKinds.PRIORITY -> Queues.priority(options);
      case AmboyKinds.SHUFFLED -> Queues.shuffled(options);
      default ->
          throw new IllegalStateException(
              "queue '" + id + "' has the kind '" + settings.getKind() + "', not a local kind");
    };
  }

  private Runner runner(QueueProperties settings) {
    RunnerOptions.Builder options =
        RunnerOptions.builder()
            .workers(workers(settings))
            .idleTimeout(settings.getIdleTimeout())
            .virtualThreads(virtualThreads);
    return switch (settings.getRunner()) {
      case AmboyKinds.POOL -> Runners.pool(options.build());
      case AmboyKinds.SINGLE -> Runners.single(options.workers(1).build());
      case AmboyKinds.ABORTABLE -> Runners.abortable(options.build());
      case AmboyKinds.RATE_LIMITED ->
          Runners.rateLimited(options.build(), settings.getRateLimit().getInterval());
      case AmboyKinds.EWMA ->
          Runners.movingAverage(
              options.build(),
              settings.getRateLimit().getTarget(),
              settings.getRateLimit().getPeriod());
      case AmboyKinds.NONE -> Runners.none();
      default -> throw new IllegalStateException("unknown runner '" + settings.getRunner() + "'");
    };
  }

  private static int workers(QueueProperties settings) {
    if (AmboyKinds.SINGLE.equals(settings.getRunner())) {
      return 1;
    }
    return settings.getWorkers() != null ? settings.getWorkers() : RunnerOptions.defaultWorkers();
  }

  private static RetryPolicy retryPolicy(Retry retry) {
    if (retry.getMaxAttempts() == 1) {
      return RetryPolicy.none();
    }
    Backoff backoff =
        AmboyKinds.EXPONENTIAL.equals(retry.getBackoff())
            ? Backoff.exponential(
                retry.getDelay(), retry.getMaxDelay(), retry.getMultiplier(), retry.getJitter())
            : Backoff.fixed(retry.getDelay());
    return RetryPolicy.of(retry.getMaxAttempts(), backoff);
  }

  private void customize(Queue queue) {
    customizers.orderedStream().forEach(customizer -> customizer.customize(queue));
  }

  private List<AmboyPutInterceptor> putInterceptors() {
    return putInterceptors.orderedStream().toList();
  }
}
