package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.schedule.CronExpression;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.GroupProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.OperationProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.PostgresQueueProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.QueueProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.RateLimit;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.Retry;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Checks every amboy property before any bean is created, so that start-up fails once with every
 * problem, each naming its full key, its value and what is allowed. Rejects; never clamps.
 */
final class AmboyPropertiesValidator {

  /** Queue and group keys name beans, threads and meters; ':' separates a group from its queue. */
  static final String KEY_PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]{0,199}";

  private static final String SCHEMA_PATTERN = "[A-Za-z_][A-Za-z0-9_]{0,62}";
  private static final Duration MINIMUM_LOCK_TIMEOUT = Duration.ofMillis(4);
  private static final Duration MINIMUM_POSTGRES_LOCK_TIMEOUT = Duration.ofMillis(100);
  private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);
  private static final Duration MAXIMUM_JITTER = Duration.ofDays(365);

  private final List<Problem> problems = new ArrayList<>();
  private final Predicate<String> otherBeanExists;
  private final boolean postgresAvailable;

  private AmboyPropertiesValidator(Predicate<String> otherBeanExists, boolean postgresAvailable) {
    this.otherBeanExists = otherBeanExists;
    this.postgresAvailable = postgresAvailable;
  }

  /**
   * Every problem of the properties.
   *
   * @param otherBeanExists whether a bean with this name is defined elsewhere (an operation may
   *     name a queue bean the application defines itself)
   * @param postgresAvailable whether amboy-postgres is on the classpath
   */
  static List<Problem> validate(
      AmboyProperties properties, Predicate<String> otherBeanExists, boolean postgresAvailable) {
    AmboyPropertiesValidator validator =
        new AmboyPropertiesValidator(otherBeanExists, postgresAvailable);
    validator.check(properties);
    return List.copyOf(validator.problems);
  }

  private void check(AmboyProperties properties) {
    properties.getQueues().forEach((name, queue) -> checkQueue(name, queue, properties));
    properties.getGroups().forEach((name, group) -> checkGroup(name, group, properties));
    properties
        .getOperations()
        .forEach((name, operation) -> checkOperation(name, operation, properties));
    AmboyProperties.Postgres postgres = properties.getPostgres();
    if (postgres.getSchema() == null || !postgres.getSchema().matches(SCHEMA_PATTERN)) {
      problem(
          "amboy.postgres.schema",
          postgres.getSchema(),
          "must be an unquoted SQL identifier: a letter or _, then letters, digits or _ (at most"
              + " 63)");
    }
    oneOf(
        "amboy.postgres.initialize-schema",
        postgres.getInitializeSchema(),
        AmboyKinds.SCHEMA_INITIALIZATION);
    atLeast("amboy.shutdown.timeout", properties.getShutdown().getTimeout(), Duration.ZERO);
  }

  private void checkQueue(String name, QueueProperties queue, AmboyProperties properties) {
    String prefix = "amboy.queues." + name;
    checkKey(prefix, name);
    if (properties.getGroups().containsKey(name)) {
      problem(
          prefix,
          name,
          "a queue and a group cannot share the name '"
              + name
              + "' because each becomes a bean named by its key; rename one");
    }
    String runnerBean = name + AmboyKinds.RUNNER_BEAN_SUFFIX;
    if (properties.getQueues().containsKey(runnerBean)
        || properties.getGroups().containsKey(runnerBean)) {
      problem(
          "amboy.queues." + runnerBean,
          runnerBean,
          "is the bean name of queue '" + name + "'s runner; choose another name");
    }
    checkQueueSettings(prefix, queue, AmboyKinds.QUEUE_KINDS);
  }

  private void checkQueueSettings(String prefix, QueueProperties queue, List<String> kinds) {
    if (oneOf(prefix + ".kind", queue.getKind(), kinds)
        && AmboyKinds.POSTGRES.equals(queue.getKind())) {
      requirePostgres(prefix + ".kind", queue.getKind());
      checkPostgresSettings(prefix, queue);
    }
    String runner = queue.getRunner();
    boolean knownRunner = oneOf(prefix + ".runner", runner, AmboyKinds.RUNNERS);
    Integer workers = queue.getWorkers();
    if (workers != null) {
      if (workers < 1) {
        problem(prefix + ".workers", String.valueOf(workers), "must be >= 1");
      } else if (knownRunner && AmboyKinds.SINGLE.equals(runner) && workers != 1) {
        problem(
            prefix + ".workers",
            String.valueOf(workers),
            "the single runner has exactly 1 worker; remove workers or choose the pool runner");
      } else if (knownRunner && AmboyKinds.NONE.equals(runner)) {
        problem(
            prefix + ".workers",
            String.valueOf(workers),
            "the none runner runs no jobs; remove workers or choose another runner");
      }
    }
    if (queue.getCapacity() < 1) {
      problem(prefix + ".capacity", String.valueOf(queue.getCapacity()), "must be >= 1");
    }
    if (knownRunner) {
      checkRateLimit(prefix + ".rate-limit", runner, queue.getRateLimit());
    }
    atLeast(prefix + ".lock-timeout", queue.getLockTimeout(), MINIMUM_LOCK_TIMEOUT);
    atLeast(prefix + ".put-timeout", queue.getPutTimeout(), Duration.ZERO);
    positive(prefix + ".idle-timeout", queue.getIdleTimeout());
    checkRetry(prefix + ".retry", queue.getRetry());
  }

  private void checkPostgresSettings(String prefix, QueueProperties queue) {
    if (queue.getLockTimeout() != null
        && queue.getLockTimeout().compareTo(MINIMUM_POSTGRES_LOCK_TIMEOUT) < 0) {
      problem(
          prefix + ".lock-timeout",
          queue.getLockTimeout().toString(),
          "a postgres queue pings its locks every quarter of the lock timeout, so it must be >="
              + " 100ms");
    }
    PostgresQueueProperties postgres = queue.getPostgres();
    String settings = prefix + ".postgres";
    oneOf(settings + ".dispatch-mode", postgres.getDispatchMode(), AmboyKinds.DISPATCH_MODES);
    between(settings + ".claim-batch-size", postgres.getClaimBatchSize(), 1, 10_000);
    between(settings + ".completion-batch-size", postgres.getCompletionBatchSize(), 1, 10_000);
    if (atLeast(
            settings + ".completion-flush-interval",
            postgres.getCompletionFlushInterval(),
            Duration.ZERO)
        && postgres.getCompletionFlushInterval().compareTo(Duration.ofSeconds(10)) > 0) {
      problem(
          settings + ".completion-flush-interval",
          postgres.getCompletionFlushInterval().toString(),
          "must be <= 10s; completions wait no longer than this to be written");
    }
    atLeast(settings + ".poll-interval", postgres.getPollInterval(), Duration.ofMillis(10));
    atLeast(settings + ".completed-retention", postgres.getCompletedRetention(), Duration.ZERO);
  }

  private void between(String key, int value, int minimum, int maximum) {
    if (value < minimum || value > maximum) {
      problem(key, String.valueOf(value), "must be between " + minimum + " and " + maximum);
    }
  }

  private void checkRateLimit(String prefix, String runner, RateLimit rateLimit) {
    if (AmboyKinds.RATE_LIMITED.equals(runner)) {
      atLeast(prefix + ".interval", rateLimit.getInterval(), ONE_MILLISECOND);
    } else if (rateLimit.getInterval() != null) {
      problem(
          prefix + ".interval",
          rateLimit.getInterval().toString(),
          "only the rate-limited runner uses it but the runner is '"
              + runner
              + "'; remove it or set the runner to rate-limited");
    }
    if (AmboyKinds.EWMA.equals(runner)) {
      if (rateLimit.getTarget() == null || rateLimit.getTarget() < 1) {
        problem(
            prefix + ".target",
            rateLimit.getTarget() == null ? null : String.valueOf(rateLimit.getTarget()),
            "the ewma runner needs a target of >= 1 jobs per period");
      }
      atLeast(prefix + ".period", rateLimit.getPeriod(), ONE_MILLISECOND);
    } else {
      if (rateLimit.getTarget() != null) {
        problem(
            prefix + ".target",
            String.valueOf(rateLimit.getTarget()),
            "only the ewma runner uses it but the runner is '"
                + runner
                + "'; remove it or set the runner to ewma");
      }
      if (rateLimit.getPeriod() != null) {
        problem(
            prefix + ".period",
            rateLimit.getPeriod().toString(),
            "only the ewma runner uses it but the runner is '"
                + runner
                + "'; remove it or set the runner to ewma");
      }
    }
  }

  private void checkRetry(String prefix, Retry retry) {
    if (retry.getMaxAttempts() < 1) {
      problem(
          prefix + ".max-attempts",
          String.valueOf(retry.getMaxAttempts()),
          "must be >= 1 (1 never retries)");
    }
    if (!oneOf(prefix + ".backoff", retry.getBackoff(), AmboyKinds.BACKOFFS)) {
      return;
    }
    if (AmboyKinds.FIXED.equals(retry.getBackoff())) {
      atLeast(prefix + ".delay", retry.getDelay(), Duration.ZERO);
      if (retry.getMaxDelay() != null) {
        problem(
            prefix + ".max-delay",
            retry.getMaxDelay().toString(),
            "only the exponential backoff uses it; remove it or set backoff to exponential");
      }
      return;
    }
    positive(prefix + ".delay", retry.getDelay());
    if (retry.getMaxDelay() == null
        || (retry.getDelay() != null && retry.getMaxDelay().compareTo(retry.getDelay()) < 0)) {
      problem(
          prefix + ".max-delay",
          retry.getMaxDelay() == null ? null : retry.getMaxDelay().toString(),
          "the exponential backoff needs a max-delay >= delay (" + retry.getDelay() + ")");
    }
    if (!(retry.getMultiplier() >= 1.0)) {
      problem(prefix + ".multiplier", String.valueOf(retry.getMultiplier()), "must be >= 1");
    }
    if (!(retry.getJitter() >= 0.0 && retry.getJitter() <= 1.0)) {
      problem(prefix + ".jitter", String.valueOf(retry.getJitter()), "must be within [0, 1]");
    }
  }

  private void checkGroup(String name, GroupProperties group, AmboyProperties properties) {
    String prefix = "amboy.groups." + name;
    checkKey(prefix, name);
    boolean knownKind = oneOf(prefix + ".kind", group.getKind(), AmboyKinds.GROUP_KINDS);
    if (knownKind && AmboyKinds.POSTGRES.equals(group.getKind())) {
      requirePostgres(prefix + ".kind", group.getKind());
    }
    atLeast(prefix + ".ttl", group.getTtl(), Duration.ZERO);
    atLeast(prefix + ".prune-frequency", group.getPruneFrequency(), Duration.ZERO);
    atLeast(
        prefix + ".background-start-frequency", group.getBackgroundStartFrequency(), Duration.ZERO);
    boolean postgresGroup = knownKind && AmboyKinds.POSTGRES.equals(group.getKind());
    if (postgresGroup && !AmboyKinds.POSTGRES.equals(group.getQueue().getKind())) {
      problem(
          prefix + ".queue.kind",
          group.getQueue().getKind(),
          "a postgres group makes postgres queues; set " + prefix + ".queue.kind=postgres");
    } else {
      checkQueueSettings(
          prefix + ".queue",
          group.getQueue(),
          postgresGroup ? List.of(AmboyKinds.POSTGRES) : AmboyKinds.LOCAL_QUEUE_KINDS);
    }
  }

  private void checkOperation(String name, OperationProperties operation, AmboyProperties props) {
    String prefix = "amboy.operations." + name;
    checkKey(prefix, name);
    String queue = operation.getQueue();
    if (queue == null || queue.isBlank()) {
      problem(prefix + ".queue", queue, "must name the queue the jobs go into");
    } else if (!queueExists(queue, props)) {
      problem(
          prefix + ".queue",
          queue,
          "must name a queue of amboy.queues "
              + props.getQueues().keySet()
              + " or a Queue bean of the application, or a group's queue as <group>:<queue>"
              + " (amboy.groups "
              + props.getGroups().keySet()
              + ")");
    }
    if (operation.getJobType() == null || operation.getJobType().isBlank()) {
      problem(prefix + ".job-type", operation.getJobType(), "must name a registered job type");
    }
    boolean hasInterval = operation.getInterval() != null;
    boolean hasCron = operation.getCron() != null && !operation.getCron().isBlank();
    if (hasInterval == hasCron) {
      problem(
          prefix + (hasInterval ? ".cron" : ".interval"),
          hasInterval ? operation.getCron() : null,
          "set exactly one of interval and cron");
    }
    if (hasInterval) {
      atLeast(prefix + ".interval", operation.getInterval(), ONE_MILLISECOND);
    }
    if (hasCron) {
      try {
        CronExpression.parse(operation.getCron());
      } catch (IllegalArgumentException e) {
        problem(prefix + ".cron", operation.getCron(), e.getMessage());
      }
      if (operation.getInitialDelay() != null) {
        problem(
            prefix + ".initial-delay",
            operation.getInitialDelay().toString(),
            "only interval schedules have an initial delay; a cron expression names its own times");
      }
    }
    try {
      ZoneId.of(operation.getZone());
    } catch (DateTimeException | NullPointerException e) {
      problem(
          prefix + ".zone",
          operation.getZone(),
          "must be a time zone id such as UTC or Europe/Berlin");
    }
    if (operation.getInitialDelay() != null) {
      atLeast(prefix + ".initial-delay", operation.getInitialDelay(), Duration.ZERO);
    }
    if (atLeast(prefix + ".jitter", operation.getJitter(), Duration.ZERO)
        && operation.getJitter().compareTo(MAXIMUM_JITTER) > 0) {
      problem(prefix + ".jitter", operation.getJitter().toString(), "must be <= 365 days");
    }
    if (operation.getThreshold() < 0) {
      problem(prefix + ".threshold", String.valueOf(operation.getThreshold()), "must be >= 0");
    }
  }

  private boolean queueExists(String queue, AmboyProperties props) {
    if (props.getQueues().containsKey(queue) || otherBeanExists.test(queue)) {
      return true;
    }
    int separator = queue.indexOf(AmboyQueues.GROUP_SEPARATOR);
    if (separator <= 0 || separator == queue.length() - 1) {
      return false;
    }
    String group = queue.substring(0, separator);
    return props.getGroups().containsKey(group) || otherBeanExists.test(group);
  }

  private void checkKey(String prefix, String name) {
    if (name == null || !name.matches(KEY_PATTERN)) {
      problem(
          prefix,
          name,
          "the name must be 1-200 letters, digits or . _ @ - (starting with a letter or digit)");
    }
  }

  private void requirePostgres(String key, String value) {
    if (!postgresAvailable) {
      problem(
          key,
          value,
          "postgres needs the dev.amboy:amboy-postgres module, spring-jdbc and a DataSource; add"
              + " dev.amboy:amboy-postgres and org.springframework.boot:spring-boot-starter-jdbc,"
              + " or use an in-memory kind");
    }
  }

  private boolean oneOf(String key, String value, List<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      problem(key, value, "must be one of " + String.join(", ", allowed));
      return false;
    }
    return true;
  }

  private boolean atLeast(String key, Duration value, Duration minimum) {
    if (value == null || value.compareTo(minimum) < 0) {
      problem(
          key,
          value == null ? null : value.toString(),
          "must be a duration >= " + render(minimum) + " (such as 500ms, 30s or 5m)");
      return false;
    }
    return true;
  }

  private void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problem(
          key,
          value == null ? null : value.toString(),
          "must be a duration > 0 (such as 500ms, 30s or 5m)");
    }
  }

  private static String render(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    return duration.toMillis() + "ms";
  }

  private void problem(String key, String value, String allowed) {
    problems.add(new Problem(key, value, allowed));
  }
}
