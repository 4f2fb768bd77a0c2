package dev.amboy.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates job ids that are unique across processes without the cost of {@code UUID.randomUUID()}:
 * a sequence seeded from the clock, plus a random tag drawn once per process.
 */
public final class JobIds {

  private static final String PROCESS_TAG;
  private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() << 12);

  static {
    SecureRandom random = new SecureRandom();
    StringBuilder tag = new StringBuilder(6);
    // letters only, so the tag cannot be mistaken for digits of the sequence
    for (int i = 0; i < 6; i++) {
      tag.append(Character.forDigit(10 + random.nextInt(26), 36));
    }
    PROCESS_TAG = tag.toString();
  }

  private JobIds() {}

  /**
   * A new id of the form {@code <prefix>-<process tag><sequence>}, built in one allocation (the
   * decimal sequence is written straight into the string).
   *
   * <p>The sequence comes last so that consecutive ids have nearby {@link String#hashCode() hash
   * codes}: the last character weighs least in the hash. A queue keeps its jobs in a hash map by
   * id, and puts add ids while completions evict the ids put a capacity earlier, both in order, so
   * consecutive ids landing in nearby buckets share cache lines. With the tag last, each id's
   * bucket was a cache line of its own.
   */
  public static String next(String prefix) {
    return prefix + '-' + PROCESS_TAG + SEQUENCE.incrementAndGet();
  }

  /** A process-wide increasing number, for ids that should read as counters. */
  public static long nextNumber() {
    return SEQUENCE.incrementAndGet();
  }
}
