package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which time a timing report averages. */
public enum RuntimeFilter {
  /** How long completed jobs ran: end minus start, for jobs that ended in the window. */
  DURATION("completed"),
  /** How long jobs waited: start minus created, for jobs created in the window. */
  LATENCY("latency"),
  /** How long running jobs have been running: now minus start. */
  RUNNING("running");

  private final String value;

  RuntimeFilter(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  /**
   * The filter named {@code value} (case-insensitive; {@code duration} is accepted for {@code
   * completed}).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static RuntimeFilter parse(String value) {
    String normal = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (normal.equals("duration")) {
      return DURATION;
    }
    for (RuntimeFilter filter : values()) {
      if (filter.value.equals(normal)) {
        return filter;
      }
    }
    throw new IllegalArgumentException(
        "unknown runtime filter '"
            + value
            + "'; use one of "
            + Arrays.stream(values()).map(RuntimeFilter::value).collect(Collectors.joining(", ")));
  }
}
