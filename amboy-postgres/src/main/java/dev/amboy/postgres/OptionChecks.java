package dev.amboy.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with a set of options so that {@code build()} reports them all at once,
 * each as field, rule and value.
 */
final class OptionChecks {

  private final String subject;
  private final List<String> problems = new ArrayList<>();

  OptionChecks(String subject) {
    this.subject = subject;
  }

  OptionChecks check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
    return this;
  }

  OptionChecks between(String field, long value, long minimum, long maximum) {
    return check(
        value >= minimum && value <= maximum,
        field + " must be between " + minimum + " and " + maximum + " but was " + value);
  }

  OptionChecks notNull(String field, Object value) {
    return check(value != null, field + " must be set but was null");
  }

  OptionChecks matches(String field, String value, String pattern, String rule) {
    return check(
        value != null && value.matches(pattern),
        field + " must be " + rule + " but was " + (value == null ? "null" : "'" + value + "'"));
  }

  OptionChecks atLeast(String field, Duration value, Duration minimum) {
    return check(
        value != null && value.compareTo(minimum) >= 0,
        field + " must be >= " + minimum + " but was " + value);
  }

  OptionChecks notNegative(String field, Duration value) {
    return check(value != null && !value.isNegative(), field + " must be >= 0 but was " + value);
  }

  /**
   * @throws IllegalArgumentException listing every problem, if there is any
   */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid " + subject + ": " + String.join("; ", problems));
    }
  }

  /**
   * The identifier rule shared by schema names: lower-case SQL identifiers that need no quoting.
   */
  static final String SCHEMA_PATTERN = "[a-z_][a-z0-9_]{0,55}";

  static final String SCHEMA_RULE =
      "1-56 lower-case letters, digits or underscores, not starting with a digit";
}
