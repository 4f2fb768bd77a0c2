package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an error report lists the errors it counts. */
public enum ErrorFilter {
  /** Each distinct message once. */
  UNIQUE("unique-errors"),
  /** Every message. */
  ALL("all-errors"),
  /** Counts only, no messages. */
  STATS_ONLY("stats-only");

  private final String value;

  ErrorFilter(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  /**
   * The filter named {@code value} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ErrorFilter parse(String value) {
    String normal = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (ErrorFilter filter : values()) {
      if (filter.value.equals(normal)) {
        return filter;
      }
    }
    throw new IllegalArgumentException(
        "unknown error filter '"
            + value
            + "'; use one of "
            + Arrays.stream(values()).map(ErrorFilter::value).collect(Collectors.joining(", ")));
  }
}
