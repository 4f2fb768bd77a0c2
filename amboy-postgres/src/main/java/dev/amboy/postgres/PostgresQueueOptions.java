package dev.amboy.postgres;

import dev.amboy.QueueInfo;
import dev.amboy.registry.JobRegistry;
import dev.amboy.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Settings of a {@link PostgresQueue}.
 *
 * @param name the queue's name: the value of the {@code queue} column of its rows; every process
 *     that uses the same name (and schema) shares the queue's jobs. Letters, digits and {@code . _
 *     : @ - /}, starting with a letter or digit
 * @param dataSource hands out connections; the queue borrows one per round trip and holds one more
 *     for LISTEN (shared by every queue of the same data source and schema in the JVM)
 * @param registry knows every job type the queue stores and runs
 * @param schema the schema that holds amboy's tables (see {@link PostgresSchema})
 * @param dispatchMode the order jobs are claimed in
 * @param lockTimeout a claimed job whose lock is not refreshed for this long (database clock) is
 *     released and runs elsewhere; locks are refreshed every quarter of it
 * @param claimBatchSize the most jobs one claim round trip takes; claimed jobs wait in a small
 *     local buffer until a worker is free. Each claim takes about as many jobs as the workers
 *     finish in two round trips, from one up to this many
 * @param completionBatchSize the most completions written in one round trip
 * @param completionFlushInterval the longest a completion waits for others to share its round trip;
 *     zero writes each completion at once
 * @param pollInterval how often an idle queue looks for work when no notification arrives
 * @param retryPolicy how jobs without a policy of their own are retried
 * @param completedRetention completed (and dropped) jobs older than this are deleted by {@link
 *     PostgresQueue#pruneCompleted()}, which a started queue runs every minute; zero keeps them
 * @param workers the size of the default worker pool, used when no runner is set
 * @param joinCallerTransactions whether {@code put} and {@code putAll} use the connection the data
 *     source hands out as it is, never committing or changing auto-commit, so that jobs commit or
 *     roll back with the caller's transaction (use a transaction-aware data source)
 * @param clock the source of the job times the queue records (created, start, end); dispatch
 *     decisions and locks use the database's clock
 */
public record PostgresQueueOptions(
    String name,
    DataSource dataSource,
    JobRegistry registry,
    String schema,
    DispatchMode dispatchMode,
    Duration lockTimeout,
    int claimBatchSize,
    int completionBatchSize,
    Duration completionFlushInterval,
    Duration pollInterval,
    RetryPolicy retryPolicy,
    Duration completedRetention,
    int workers,
    boolean joinCallerTransactions,
    Clock clock) {

  public static final String DEFAULT_SCHEMA = "amboy";
  public static final int DEFAULT_CLAIM_BATCH_SIZE = 128;
  public static final int DEFAULT_COMPLETION_BATCH_SIZE = 128;
  public static final Duration DEFAULT_COMPLETION_FLUSH_INTERVAL = Duration.ofMillis(10);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_COMPLETED_RETENTION = Duration.ofDays(7);

  /** Lock pings run every quarter of the lock timeout; shorter timeouts leave no room for them. */
  public static final Duration MINIMUM_LOCK_TIMEOUT = Duration.ofMillis(100);

  static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}";
  static final String NAME_RULE =
      "1-200 letters, digits or . _ : @ - / (starting with a letter or digit)";

  public PostgresQueueOptions {
    new OptionChecks("postgres queue options")
        .matches("name", name, NAME_PATTERN, NAME_RULE)
        .notNull("dataSource", dataSource)
        .notNull("registry", registry)
        .matches("schema", schema, OptionChecks.SCHEMA_PATTERN, OptionChecks.SCHEMA_RULE)
        .notNull("dispatchMode", dispatchMode)
        .atLeast("lockTimeout", lockTimeout, MINIMUM_LOCK_TIMEOUT)
        .between("claimBatchSize", claimBatchSize, 1, 10_000)
        .between("completionBatchSize", completionBatchSize, 1, 10_000)
        .check(
            completionFlushInterval != null
                && !completionFlushInterval.isNegative()
                && completionFlushInterval.compareTo(Duration.ofSeconds(10)) <= 0,
            "completionFlushInterval must be between 0 and 10s but was " + completionFlushInterval)
        .atLeast("pollInterval", pollInterval, Duration.ofMillis(10))
        .notNull("retryPolicy", retryPolicy)
        .notNegative("completedRetention", completedRetention)
        .between("workers", workers, 1, 10_000)
        .notNull("clock", clock)
        .throwIfAny();
  }

  /** These options with another queue name, for queues made from a template. */
  public PostgresQueueOptions withName(String newName) {
    return toBuilder().name(newName).build();
  }

  /** These options with another worker count. */
  public PostgresQueueOptions withWorkers(int newWorkers) {
    return toBuilder().workers(newWorkers).build();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder builder = new Builder(name, dataSource, registry);
    builder.schema = schema;
    builder.dispatchMode = dispatchMode;
    builder.lockTimeout = lockTimeout;
    builder.claimBatchSize = claimBatchSize;
    builder.completionBatchSize = completionBatchSize;
    builder.completionFlushInterval = completionFlushInterval;
    builder.pollInterval = pollInterval;
    builder.retryPolicy = retryPolicy;
    builder.completedRetention = completedRetention;
    builder.workers = workers;
    builder.joinCallerTransactions = joinCallerTransactions;
    builder.clock = clock;
    return builder;
  }

  public static Builder builder(String name, DataSource dataSource, JobRegistry registry) {
    return new Builder(name, dataSource, registry);
  }

  /** Builds {@link PostgresQueueOptions}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private String name;
    private final DataSource dataSource;
    private final JobRegistry registry;
    private String schema = DEFAULT_SCHEMA;
    private DispatchMode dispatchMode = DispatchMode.UNORDERED;
    private Duration lockTimeout = QueueInfo.DEFAULT_LOCK_TIMEOUT;
    private int claimBatchSize = DEFAULT_CLAIM_BATCH_SIZE;
    private int completionBatchSize = DEFAULT_COMPLETION_BATCH_SIZE;
    private Duration completionFlushInterval = DEFAULT_COMPLETION_FLUSH_INTERVAL;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private RetryPolicy retryPolicy = RetryPolicy.none();
    private Duration completedRetention = DEFAULT_COMPLETED_RETENTION;
    private int workers = Runtime.getRuntime().availableProcessors();
    private boolean joinCallerTransactions;
    private Clock clock = Clock.systemUTC();

    private Builder(String name, DataSource dataSource, JobRegistry registry) {
      this.name = name;
      this.dataSource = dataSource;
      this.registry = registry;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    public Builder dispatchMode(DispatchMode dispatchMode) {
      this.dispatchMode = dispatchMode;
      return this;
    }

    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = lockTimeout;
      return this;
    }

    public Builder claimBatchSize(int claimBatchSize) {
      this.claimBatchSize = claimBatchSize;
      return this;
    }

    public Builder completionBatchSize(int completionBatchSize) {
      this.completionBatchSize = completionBatchSize;
      return this;
    }

    public Builder completionFlushInterval(Duration completionFlushInterval) {
      this.completionFlushInterval = completionFlushInterval;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    public Builder completedRetention(Duration completedRetention) {
      this.completedRetention = completedRetention;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder joinCallerTransactions(boolean joinCallerTransactions) {
      this.joinCallerTransactions = joinCallerTransactions;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public PostgresQueueOptions build() {
      return new PostgresQueueOptions(
          name,
          dataSource,
          registry,
          schema,
          dispatchMode,
          lockTimeout,
          claimBatchSize,
          completionBatchSize,
          completionFlushInterval,
          pollInterval,
          retryPolicy,
          completedRetention,
          workers,
          joinCallerTransactions,
          clock);
    }
  }
}
