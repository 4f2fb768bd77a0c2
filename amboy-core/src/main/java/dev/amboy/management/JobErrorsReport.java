package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Errors by job type over a window.
 *
 * @param period the window the report looked back over
 * @param filter how errors are listed
 * @param data one entry per type (and group) with failures, sorted by type
 */
public record JobErrorsReport(
    @JsonProperty("period") Duration period,
    @JsonProperty("filter") ErrorFilter filter,
    @JsonProperty("data") List<JobErrorsForType> data) {

  public JobErrorsReport {
    data = List.copyOf(data);
  }
}
