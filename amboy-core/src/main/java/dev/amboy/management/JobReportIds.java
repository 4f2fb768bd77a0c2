package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The ids of the jobs of one type that matched a status filter.
 *
 * @param type the job type name
 * @param filter the status filter
 * @param jobs the matching ids
 * @param group the queue (group member) the ids are in, or {@code null} for a single queue and when
 *     they are in several queues of a group
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReportIds(
    @JsonProperty("type") String type,
    @JsonProperty("filter") StatusFilter filter,
    @JsonProperty("jobs") List<String> jobs,
    @JsonProperty("group") String group) {

  public JobReportIds {
    jobs = List.copyOf(jobs);
  }
}
