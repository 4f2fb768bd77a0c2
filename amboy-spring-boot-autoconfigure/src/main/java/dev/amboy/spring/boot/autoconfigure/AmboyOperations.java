package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.registry.JobRegistry;
import dev.amboy.schedule.GroupQueueOperation;
import dev.amboy.schedule.IntervalGroupQueueOperation;
import dev.amboy.schedule.IntervalQueueOperation;
import dev.amboy.schedule.QueueOperation;
import dev.amboy.schedule.QueueOperationConfig;
import dev.amboy.schedule.Schedule;
import dev.amboy.schedule.ScheduledOperation;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.OperationProperties;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The scheduled operations of {@code amboy.operations} and of {@code @AmboyInterval} methods. They
 * are checked once every bean exists (so a missing queue or job type fails start-up) and started
 * and stopped by {@link AmboyLifecycle}.
 */
public class AmboyOperations implements SmartInitializingSingleton {

  private final AmboyProperties properties;
  private final AmboyQueues queues;
  private final AmboyTemplate template;
  private final JobRegistry registry;
  private final AmboyIntervalPostProcessor intervals;
  private final Clock clock;
  private final List<OperationPlan> plans = new ArrayList<>();
  private final Map<String, ScheduledOperation> running = new LinkedHashMap<>();
  private final Map<String, String> queueOf = new HashMap<>();

  AmboyOperations(
      AmboyProperties properties,
      AmboyQueues queues,
      AmboyTemplate template,
      JobRegistry registry,
      AmboyIntervalPostProcessor intervals,
      Clock clock) {
    this.properties = properties;
    this.queues = queues;
    this.template = template;
    this.registry = registry;
    this.intervals = intervals;
    this.clock = clock;
  }

  /** Checks every operation against the queues and job types that now exist. */
  @Override
  public void afterSingletonsInstantiated() {
    List<Problem> problems = new ArrayList<>();
    List<OperationPlan> found = new ArrayList<>();
    properties
        .getOperations()
        .forEach(
            (name, operation) -> {
              OperationPlan plan = fromProperties(name, operation, problems);
              if (plan != null) {
                found.add(plan);
              }
            });
    found.addAll(intervals.plans());
    Map<String, String> names = new HashMap<>();
    for (OperationPlan plan : found) {
      String other = names.putIfAbsent(plan.name(), plan.source());
      if (other != null) {
        problems.add(
            new Problem(
                plan.source(),
                plan.name(),
                "the operation name is also used by " + other + "; give one of them another name"));
      }
      if (!queueExists(plan.queue())) {
        problems.add(
            new Problem(
                plan.source().startsWith("amboy.") ? plan.source() + ".queue" : plan.source(),
                plan.queue(),
                "must name a queue "
                    + queues.queues().keySet()
                    + " or a group's queue as <group>:<queue> (groups: "
                    + queues.groups().keySet()
                    + ")"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidAmboyConfigurationException(problems);
    }
    synchronized (this) {
      plans.clear();
      plans.addAll(found);
    }
  }

  private OperationPlan fromProperties(
      String name, OperationProperties operation, List<Problem> problems) {
    String prefix = "amboy.operations." + name;
    JobType type = jobType(prefix, operation, problems);
    if (type == null) {
      return null;
    }
    Function<Instant, Schedule> schedule =
        operation.getInterval() != null
            ? OperationPlan.interval(operation.getInterval(), operation.getInitialDelay())
            : cron(operation);
    QueueOperationConfig config =
        QueueOperationConfig.builder()
            .threshold(operation.getThreshold())
            .respectThreshold(operation.isRespectThreshold())
            .continueOnError(operation.isContinueOnError())
            .logErrors(operation.isLogErrors())
            .debugLogging(operation.isDebugLogging())
            .enableDuplicateJobReporting(operation.isEnableDuplicateJobReporting())
            .jitter(operation.getJitter())
            .build();
    Map<String, Object> payload = Map.copyOf(operation.getPayload());
    try {
      template.create(type, payload);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(prefix + ".payload", payload.toString(), e.getMessage()));
      return null;
    }
    QueueOperation put = queue -> queue.put(template.create(type, payload));
    return new OperationPlan(name, prefix, operation.getQueue(), schedule, config, put);
  }

  private static Function<Instant, Schedule> cron(OperationProperties operation) {
    Schedule schedule = Schedule.cron(operation.getCron(), ZoneId.of(operation.getZone()));
    return now -> schedule;
  }

  private JobType jobType(String prefix, OperationProperties operation, List<Problem> problems) {
    String name = operation.getJobType();
    List<Integer> versions =
        registry.jobTypes().stream()
            .filter(type -> type.name().equals(name))
            .map(JobType::version)
            .sorted()
            .toList();
    if (versions.isEmpty()) {
      problems.add(
          new Problem(
              prefix + ".job-type",
              name,
              "must be a registered job type: " + registry.jobTypeNames()));
      return null;
    }
    Integer version = operation.getJobVersion();
    if (version == null) {
      return JobType.of(name, versions.get(versions.size() - 1));
    }
    if (!versions.contains(version)) {
      problems.add(
          new Problem(
              prefix + ".job-version",
              String.valueOf(version),
              "job type '" + name + "' is registered with the versions " + versions));
      return null;
    }
    return JobType.of(name, version);
  }

  private boolean queueExists(String name) {
    if (queues.queues().containsKey(name)) {
      return true;
    }
    int separator = name.indexOf(AmboyQueues.GROUP_SEPARATOR);
    return separator > 0
        && separator < name.length() - 1
        && queues.groups().containsKey(name.substring(0, separator));
  }

  /** Starts every operation; a group's queue is looked up on each run. */
  synchronized void start() {
    Instant now = clock.instant();
    for (OperationPlan plan : plans) {
      Schedule schedule = plan.schedule().apply(now);
      String target = plan.queue();
      Queue queue = queues.queues().get(target);
      ScheduledOperation operation;
      if (queue != null) {
        operation =
            IntervalQueueOperation.start(
                plan.name(), queue, schedule, plan.config(), plan.operation(), clock);
      } else {
        int separator = target.indexOf(AmboyQueues.GROUP_SEPARATOR);
        QueueGroup group = queues.groups().get(target.substring(0, separator));
        operation =
            IntervalGroupQueueOperation.start(
                plan.name(),
                group,
                schedule,
                plan.config(),
                List.of(GroupQueueOperation.of(target.substring(separator + 1), plan.operation())),
                clock);
      }
      running.put(plan.name(), operation);
      queueOf.put(plan.name(), target);
    }
  }

  /** Stops every operation, giving a run in progress the default stop time. */
  void stop() {
    List<ScheduledOperation> toStop;
    synchronized (this) {
      toStop = new ArrayList<>(running.values());
    }
    Parallel.run("amboy-stop-op", toStop, ScheduledOperation::stop);
  }

  /** The started operations by name. */
  public synchronized SortedMap<String, ScheduledOperation> operations() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(running));
  }

  /** The queue an operation puts into: a queue name or {@code <group>:<queue>}. */
  public synchronized String queueOf(String operation) {
    return queueOf.get(operation);
  }
}
