package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The errors of one job type over a window.
 *
 * @param type the job type name
 * @param count how many jobs of the type failed
 * @param total how many errors they recorded in all
 * @param average errors per failed job
 * @param errors the messages, as the error filter asked (empty for stats only)
 * @param group the queue (group member), or {@code null} for a single queue
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobErrorsForType(
    @JsonProperty("type") String type,
    @JsonProperty("count") long count,
    @JsonProperty("total") long total,
    @JsonProperty("average") double average,
    @JsonProperty("errors") List<String> errors,
    @JsonProperty("group") String group) {

  public JobErrorsForType {
    errors = List.copyOf(errors);
  }
}
