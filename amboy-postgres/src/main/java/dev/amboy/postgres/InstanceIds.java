package dev.amboy.postgres;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lock-owner ids that are unique across processes and restarts: the process id, a random tag drawn
 * once per process, and a counter. Drawn once per queue instance, never on a hot path.
 */
final class InstanceIds {

  private static final String PROCESS;
  private static final AtomicLong COUNTER = new AtomicLong();

  static {
    SecureRandom random = new SecureRandom();
    StringBuilder tag = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      tag.append(Character.forDigit(random.nextInt(36), 36));
    }
    PROCESS = ProcessHandle.current().pid() + "-" + tag;
  }

  private InstanceIds() {}

  static String next() {
    return PROCESS + "-" + COUNTER.incrementAndGet();
  }
}
