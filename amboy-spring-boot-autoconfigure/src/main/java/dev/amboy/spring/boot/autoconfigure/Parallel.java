package dev.amboy.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one action per item, each on its own thread, and waits for all of them. */
final class Parallel {

  private static final Logger log = LoggerFactory.getLogger(Parallel.class);

  private Parallel() {}

  /**
   * Runs {@code action} for every item at once and returns when all have returned. Each action must
   * bound its own time. An interrupt of the calling thread stops the waiting, not the actions.
   */
  static <T> void run(String threadPrefix, Collection<T> items, Consumer<T> action) {
    List<Thread> threads = new ArrayList<>(items.size());
    int number = 0;
    for (T item : items) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  action.accept(item);
                } catch (RuntimeException e) {
                  log.warn("{} failed for {}", threadPrefix, item, e);
                }
              },
              threadPrefix + "-" + ++number);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("interrupted while waiting for {} threads", threadPrefix);
        return;
      }
    }
  }
}
