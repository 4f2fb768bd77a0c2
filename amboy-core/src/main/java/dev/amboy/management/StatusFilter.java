package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which jobs a management operation looks at, by state. */
public enum StatusFilter {
  /** Jobs a worker holds with a fresh lock. */
  IN_PROGRESS("in-progress"),
  /** Jobs waiting to run. */
  PENDING("pending"),
  /** Jobs marked in progress whose lock is older than the queue's lock timeout. */
  STALE("stale"),
  /** Finished jobs. */
  COMPLETED("completed"),
  /** Every job. */
  ALL("all");

  private final String value;

  StatusFilter(String value) {
    this.value = value;
  }

  /** The name used in URLs, properties and reports. */
  @JsonValue
  public String value() {
    return value;
  }

  /**
   * The filter named {@code value} (case-insensitive; {@code in_progress} also accepted).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static StatusFilter parse(String value) {
    String normal = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (StatusFilter filter : values()) {
      if (filter.value.equals(normal)) {
        return filter;
      }
    }
    throw new IllegalArgumentException(
        "unknown status filter '"
            + value
            + "'; use one of "
            + Arrays.stream(values()).map(StatusFilter::value).collect(Collectors.joining(", ")));
  }
}
