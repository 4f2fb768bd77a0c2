package dev.amboy.logback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects every problem with an appender's settings so that {@code start()} reports them all in
 * one status message, each as field, rule and value.
 */
final class SettingViolations {

  private final String subject;
  private final List<String> problems = new ArrayList<>();

  SettingViolations(String subject) {
    this.subject = subject;
  }

  SettingViolations check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
    return this;
  }

  SettingViolations atLeast(String field, int value, int minimum) {
    return check(value >= minimum, field + " must be >= " + minimum + " but was " + value);
  }

  SettingViolations notNegative(String field, Duration value) {
    return check(
        value != null && !value.isNegative(), field + " must be >= 0 but was " + describe(value));
  }

  SettingViolations positive(String field, Duration value) {
    return check(
        value != null && !value.isNegative() && !value.isZero(),
        field + " must be > 0 but was " + describe(value));
  }

  /** The problems as one message, or empty when there are none. */
  Optional<String> describe() {
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("invalid " + subject + ": " + String.join("; ", problems));
  }

  private static String describe(Duration value) {
    return value == null ? "null" : value.toString();
  }
}
