package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Average times by job type over a window.
 *
 * @param filter which time is averaged
 * @param period the window the report looked back over
 * @param data one entry per type (and group), sorted by type
 */
public record JobRuntimeReport(
    @JsonProperty("filter") RuntimeFilter filter,
    @JsonProperty("period") Duration period,
    @JsonProperty("data") List<JobRuntimes> data) {

  public JobRuntimeReport {
    data = List.copyOf(data);
  }
}
