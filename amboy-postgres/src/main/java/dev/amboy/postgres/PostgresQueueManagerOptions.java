package dev.amboy.postgres;

import dev.amboy.QueueInfo;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Settings of a {@link PostgresQueueManager}: which rows it looks at (one queue, or every queue of
 * a group) and how it judges staleness.
 *
 * @param dataSource the database
 * @param schema the schema that holds amboy's tables
 * @param queue the queue to manage, or {@code null} when managing a group
 * @param group the group whose queues to manage, or {@code null} when managing one queue
 * @param lockTimeout a running job whose lock is older than this (database clock) is stale; use the
 *     queues' lock timeout
 * @param clock the end of report windows and the completion time written by complete operations
 */
public record PostgresQueueManagerOptions(
    DataSource dataSource,
    String schema,
    String queue,
    String group,
    Duration lockTimeout,
    Clock clock) {

  public PostgresQueueManagerOptions {
    new OptionChecks("postgres queue manager options")
        .notNull("dataSource", dataSource)
        .matches("schema", schema, OptionChecks.SCHEMA_PATTERN, OptionChecks.SCHEMA_RULE)
        .check(
            (queue == null) != (group == null),
            "exactly one of queue and group must be set but queue was "
                + quoted(queue)
                + " and group was "
                + quoted(group))
        .check(
            queue == null || queue.matches(PostgresQueueOptions.NAME_PATTERN),
            "queue must be " + PostgresQueueOptions.NAME_RULE + " but was " + quoted(queue))
        .check(
            group == null || group.matches(PostgresQueueGroupOptions.NAME_PATTERN),
            "group must be " + PostgresQueueGroupOptions.NAME_RULE + " but was " + quoted(group))
        .atLeast("lockTimeout", lockTimeout, PostgresQueueOptions.MINIMUM_LOCK_TIMEOUT)
        .notNull("clock", clock)
        .throwIfAny();
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  /** Options for managing one queue, with the defaults of everything else. */
  public static Builder forQueue(DataSource dataSource, String queue) {
    Builder builder = new Builder(dataSource);
    builder.queue = queue;
    return builder;
  }

  /** Options for managing every queue of a {@link PostgresQueueGroup}. */
  public static Builder forGroup(DataSource dataSource, String group) {
    Builder builder = new Builder(dataSource);
    builder.group = group;
    return builder;
  }

  /**
   * Builds {@link PostgresQueueManagerOptions}; {@link #build()} reports every invalid value at
   * once.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema = PostgresQueueOptions.DEFAULT_SCHEMA;
    private String queue;
    private String group;
    private Duration lockTimeout = QueueInfo.DEFAULT_LOCK_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = lockTimeout;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public PostgresQueueManagerOptions build() {
      return new PostgresQueueManagerOptions(dataSource, schema, queue, group, lockTimeout, clock);
    }
  }
}
