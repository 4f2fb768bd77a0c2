package dev.amboy.postgres;

/** The order in which a {@link PostgresQueue} claims ready jobs. */
public enum DispatchMode {
  /** Ready jobs in roughly the order they became ready; priorities and dependencies are ignored. */
  UNORDERED,
  /** The highest priority first, then the order they became ready. */
  PRIORITY,
  /**
   * Only jobs whose dependency edges have all completed, in the order they became ready; a job
   * whose dependency reports {@code PASSED} completes without running.
   */
  ORDERED
}
