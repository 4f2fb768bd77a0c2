package dev.amboy.spring.boot.autoconfigure;

import java.util.List;

/** The names of queue kinds, group kinds, runners and backoffs the properties accept. */
final class AmboyKinds {

  static final String LIMITED_SIZE = "limited-size";
  static final String ORDERED = "ordered";
  static final String ADAPTIVE = "adaptive";
  static final String PRIORITY = "priority";
  static final String SHUFFLED = "shuffled";
  static final String POSTGRES = "postgres";
  static final String LOCAL = "local";

  static final String POOL = "pool";
  static final String SINGLE = "single";
  static final String ABORTABLE = "abortable";
  static final String RATE_LIMITED = "rate-limited";
  static final String EWMA = "ewma";
  static final String NONE = "none";

  static final String FIXED = "fixed";
  static final String EXPONENTIAL = "exponential";

  static final List<String> LOCAL_QUEUE_KINDS =
      List.of(LIMITED_SIZE, ORDERED, ADAPTIVE, PRIORITY, SHUFFLED);
  static final List<String> QUEUE_KINDS =
      List.of(LIMITED_SIZE, ORDERED, ADAPTIVE, PRIORITY, SHUFFLED, POSTGRES);
  static final List<String> GROUP_KINDS = List.of(LOCAL, POSTGRES);
  static final List<String> RUNNERS = List.of(POOL, SINGLE, ABORTABLE, RATE_LIMITED, EWMA, NONE);
  static final List<String> BACKOFFS = List.of(FIXED, EXPONENTIAL);
  static final List<String> DISPATCH_MODES = List.of("unordered", "ordered", "priority");
  static final List<String> SCHEMA_INITIALIZATION = List.of("embedded", "always", "never");

  /** A queue's runner is the bean named {@code <queue>.runner}. */
  static final String RUNNER_BEAN_SUFFIX = ".runner";

  private AmboyKinds() {}
}
