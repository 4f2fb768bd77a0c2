package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Job counts by type for one status filter.
 *
 * @param filter the filter the counts are for
 * @param data one entry per type (and group), sorted by type
 */
public record JobStatusReport(
    @JsonProperty("filter") StatusFilter filter, @JsonProperty("data") List<JobCounters> data) {

  public JobStatusReport {
    data = List.copyOf(data);
  }
}
