package dev.amboy.queue;

import dev.amboy.Queue;
import dev.amboy.internal.Violations;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Settings of a {@link LocalQueueGroup}.
 *
 * @param name the group's name, used for its pruning thread and meters
 * @param queueFactory makes the queue for a name; the group starts it
 * @param ttl a queue unused for this long with no pending or running work is pruned; zero prunes
 *     every finished queue not asked for since the previous pass
 * @param pruneFrequency how often background pruning runs; zero turns background pruning off
 * @param clock measures idleness
 */
public record LocalQueueGroupOptions(
    String name,
    Function<String, Queue> queueFactory,
    Duration ttl,
    Duration pruneFrequency,
    Clock clock) {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  public static final Duration DEFAULT_PRUNE_FREQUENCY = Duration.ofMinutes(1);

  public LocalQueueGroupOptions {
    new Violations("local queue group options")
        .notBlank("name", name)
        .notNull("queueFactory", queueFactory)
        .notNegative("ttl", ttl)
        .notNegative("pruneFrequency", pruneFrequency)
        .notNull("clock", clock)
        .throwIfAny();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Builds {@link LocalQueueGroupOptions}; {@link #build()} reports every invalid value at once.
   */
  public static final class Builder {
    private final String name;
    private Function<String, Queue> queueFactory;
    private Duration ttl = DEFAULT_TTL;
    private Duration pruneFrequency = DEFAULT_PRUNE_FREQUENCY;
    private Clock clock = Clock.systemUTC();

    private Builder(String name) {
      this.name = name;
    }

    /** Makes each queue with {@code factory}. */
    public Builder queueFactory(Function<String, Queue> factory) {
      this.queueFactory = factory;
      return this;
    }

    /**
     * Makes each queue as a limited-size queue from {@code template}, with the queue's name in
     * place of the template's.
     */
    public Builder template(LocalQueueOptions template) {
      this.queueFactory = name -> Queues.limitedSize(template.withName(name));
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

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public LocalQueueGroupOptions build() {
      return new LocalQueueGroupOptions(name, queueFactory, ttl, pruneFrequency, clock);
    }
  }
}
