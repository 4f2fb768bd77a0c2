package dev.amboy.spring.boot.autoconfigure;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Start-up found amboy configured wrongly: bad property values, job classes that claim the same
 * type, annotated methods that cannot be scheduled. Lists every problem at once; {@code
 * InvalidAmboyConfigurationFailureAnalyzer} turns it into a start-up report.
 */
public class InvalidAmboyConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The problems, in the order they were found. */
  private final transient List<Problem> problems;

  public InvalidAmboyConfigurationException(List<Problem> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    return "invalid amboy configuration: "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }

  /**
   * One problem.
   *
   * @param subject what is wrong: a full property key such as {@code amboy.queues.emails.workers},
   *     or a class or method
   * @param value the offending value as written, or {@code null} when it is missing
   * @param allowed what would be accepted instead
   */
  public record Problem(String subject, String value, String allowed) {

    public Problem {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(allowed, "allowed");
    }

    @Override
    public String toString() {
      return subject + " was " + (value == null ? "not set" : "'" + value + "'") + ": " + allowed;
    }
  }
}
