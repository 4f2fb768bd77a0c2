package dev.amboy.spring.boot.actuate.metrics;

import dev.amboy.Queue;
import dev.amboy.QueueStats;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One {@link Queue#stats()} snapshot shared by a queue's state gauges. A registry reads the gauges
 * one after another, and on PostgreSQL each {@code stats()} is a statement over every row of the
 * queue (120–145 ms for a million rows on two cores), so four gauges read on their own cost four
 * such statements per scrape; shared, they cost one.
 *
 * <p>A snapshot serves each state once, and for at most {@link #MAX_AGE_NANOS}: the next read of a
 * state it already served takes a new one. So a scrape of the four gauges takes one snapshot, and a
 * gauge never reports a count older than the one it reported before.
 */
final class SharedQueueStats {

  /** Long enough for one scrape to read every gauge of the queue, short enough to stay current. */
  static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The states with a gauge, each with its bit in {@link #served}. */
  enum State {
    PENDING(QueueStats::pending),
    RUNNING(QueueStats::running),
    COMPLETED(QueueStats::completed),
    BLOCKED(QueueStats::blocked);

    private final ToLongFunction<QueueStats> count;

    State(ToLongFunction<QueueStats> count) {
      this.count = count;
    }

    /** The tag value of the {@code state} tag. */
    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Supplier<QueueStats> stats;
  private final LongSupplier nanoTime;
  private QueueStats snapshot;
  private long takenAt;
  private int served;

  SharedQueueStats(Queue queue) {
    this(queue::stats, System::nanoTime);
  }

  SharedQueueStats(Supplier<QueueStats> stats, LongSupplier nanoTime) {
    this.stats = stats;
    this.nanoTime = nanoTime;
  }

  /**
   * The count of one state. Synchronized: the reading, its age and the states it served change
   * together, and two registries scraping at once take their readings one after the other.
   */
  synchronized double count(State state) {
    int bit = 1 << state.ordinal();
    if (snapshot == null || (served & bit) != 0 || nanoTime.getAsLong() - takenAt > MAX_AGE_NANOS) {
      snapshot = stats.get();
      takenAt = nanoTime.getAsLong();
      served = 0;
    }
    served |= bit;
    return state.count.applyAsLong(snapshot);
  }
}
