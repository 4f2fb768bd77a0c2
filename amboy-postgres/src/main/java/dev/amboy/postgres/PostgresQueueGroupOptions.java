package dev.amboy.postgres;

import dev.amboy.Queue;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToIntFunction;

/**
 * Settings of a {@link PostgresQueueGroup}.
 *
 * @param name the group's name; its queues are stored under {@code <name>/<queue>} in the queue
 *     column, so groups of different names share one schema without meeting. Letters, digits and
 *     {@code . _ : @ -}, starting with a letter or digit
 * @param template the options every queue of the group is made from (its name is replaced)
 * @param workers the worker count of a queue by its name; {@code null} gives every queue the
 *     template's count
 * @param ttl a queue unused for this long with no pending or running work is closed by pruning;
 *     zero prunes every finished queue not asked for since the previous pass
 * @param pruneFrequency how often background pruning runs; zero turns it off
 * @param backgroundStartFrequency how often the group looks for queues with pending work that it
 *     does not run yet (put by another process) and starts them; zero turns it off (notifications
 *     still start them)
 * @param clock measures idleness
 * @param queueFactory makes each queue of the group from its name and options; by default a {@link
 *     PostgresQueue}. A factory may set a runner, add listeners or interceptors, or wrap the queue,
 *     for queues the group makes itself when another process puts work into them
 */
public record PostgresQueueGroupOptions(
    String name,
    PostgresQueueOptions template,
    ToIntFunction<String> workers,
    Duration ttl,
    Duration pruneFrequency,
    Duration backgroundStartFrequency,
    Clock clock,
    PostgresQueueFactory queueFactory) {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  public static final Duration DEFAULT_PRUNE_FREQUENCY = Duration.ofMinutes(1);
  public static final Duration DEFAULT_BACKGROUND_START_FREQUENCY = Duration.ofSeconds(30);

  static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,98}";
  static final String NAME_RULE =
      "1-99 letters, digits or . _ : @ - (starting with a letter or digit)";

  public PostgresQueueGroupOptions {
    new OptionChecks("postgres queue group options")
        .matches("name", name, NAME_PATTERN, NAME_RULE)
        .notNull("template", template)
        .notNegative("ttl", ttl)
        .notNegative("pruneFrequency", pruneFrequency)
        .notNegative("backgroundStartFrequency", backgroundStartFrequency)
        .notNull("clock", clock)
        .notNull("queueFactory", queueFactory)
        .throwIfAny();
  }

  /** Makes a queue of a group; the group starts it and closes it when pruned or closed. */
  @FunctionalInterface
  public interface PostgresQueueFactory {

    /**
     * The queue named {@code queueName} of the group, built on {@code options} (already named for
     * the group), unstarted.
     */
    Queue create(String queueName, PostgresQueueOptions options);
  }

  /** The value of the queue column for a queue of this group. */
  String queueKey(String queueName) {
    return name + "/" + queueName;
  }

  public static Builder builder(String name, PostgresQueueOptions template) {
    return new Builder(name, template);
  }

  /**
   * Builds {@link PostgresQueueGroupOptions}; {@link #build()} reports every invalid value at once.
   */
  public static final class Builder {
    private final String name;
    private final PostgresQueueOptions template;
    private ToIntFunction<String> workers;
    private Duration ttl = DEFAULT_TTL;
    private Duration pruneFrequency = DEFAULT_PRUNE_FREQUENCY;
    private Duration backgroundStartFrequency = DEFAULT_BACKGROUND_START_FREQUENCY;
    private Clock clock = Clock.systemUTC();
    private PostgresQueueFactory queueFactory = (queueName, options) -> new PostgresQueue(options);

    private Builder(String name, PostgresQueueOptions template) {
      this.name = name;
      this.template = template;
    }

    /** Worker counts by queue name; a count below 1 fails when the queue is made. */
    public Builder workers(ToIntFunction<String> workers) {
      this.workers = workers;
      return this;
    }

    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    public Builder pruneFrequency(Duration pruneFrequency) {
      this.pruneFrequency = pruneFrequency;
      return this;
    }

    public Builder backgroundStartFrequency(Duration backgroundStartFrequency) {
      this.backgroundStartFrequency = backgroundStartFrequency;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder queueFactory(PostgresQueueFactory queueFactory) {
      this.queueFactory = queueFactory;
      return this;
    }

    public PostgresQueueGroupOptions build() {
      return new PostgresQueueGroupOptions(
          name,
          template,
          workers,
          ttl,
          pruneFrequency,
          backgroundStartFrequency,
          clock,
          queueFactory);
    }
  }
}
