package dev.amboy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with a set of options so that {@code build()} reports them all at once,
 * each as field, rule and value.
 */
public final class Violations {

  private final String subject;
  private final List<String> problems = new ArrayList<>();

  public Violations(String subject) {
    this.subject = subject;
  }

  public Violations check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
    return this;
  }

  public Violations atLeast(String field, long value, long minimum) {
    return check(value >= minimum, field + " must be >= " + minimum + " but was " + value);
  }

  public Violations notNull(String field, Object value) {
    return check(value != null, field + " must be set but was null");
  }

  public Violations notBlank(String field, String value) {
    return check(
        value != null && !value.isBlank(),
        field + " must not be blank but was " + (value == null ? "null" : "'" + value + "'"));
  }

  public Violations positive(String field, Duration value) {
    return check(
        value != null && !value.isNegative() && !value.isZero(),
        field + " must be > 0 but was " + value);
  }

  public Violations notNegative(String field, Duration value) {
    return check(value != null && !value.isNegative(), field + " must be >= 0 but was " + value);
  }

  /**
   * @throws IllegalArgumentException listing every problem, if there is any
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid " + subject + ": " + String.join("; ", problems));
    }
  }
}
