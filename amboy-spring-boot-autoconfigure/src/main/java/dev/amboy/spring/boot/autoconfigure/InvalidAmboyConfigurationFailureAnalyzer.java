package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidAmboyConfigurationException} the way Spring Boot reports a property that
 * does not bind: each problem with its key, value and reason, then what to change.
 */
class InvalidAmboyConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidAmboyConfigurationException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, InvalidAmboyConfigurationException cause) {
    StringBuilder description = new StringBuilder("amboy is configured incorrectly:\n");
    StringBuilder action = new StringBuilder("Update your application's configuration or code:\n");
    for (Problem problem : cause.problems()) {
      description
          .append(problem.subject().startsWith("amboy.") ? "\n    Property: " : "\n    Source: ")
          .append(problem.subject())
          .append("\n    Value: ")
          .append(problem.value() == null ? "(not set)" : "\"" + problem.value() + "\"")
          .append("\n    Reason: ")
          .append(problem.allowed())
          .append('\n');
      action.append("\n    - ").append(problem.subject()).append(": ").append(problem.allowed());
    }
    return new FailureAnalysis(description.toString(), action.toString(), cause);
  }
}
