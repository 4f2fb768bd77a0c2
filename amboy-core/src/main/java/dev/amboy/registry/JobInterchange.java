package dev.amboy.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.retry.RetryInfo;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The stored form of a job: the metadata every job has, plus the job's own fields ({@code job}) and
 * its dependency, each kept as the JSON its class writes.
 *
 * @param id the job id
 * @param type the registered type name
 * @param version the type version the job was written with
 * @param priority the dispatch priority (left out of the JSON when 0, as are a status's false, zero
 *     and empty values and a dependency's version 0)
 * @param status the execution state
 * @param timeInfo the times and limits
 * @param scopes exclusive resources the job needs
 * @param headers free-form metadata, such as a trace context
 * @param retry the retry policy and attempt history; {@code null} for a first attempt under the
 *     queue's policy
 * @param job the job's own fields
 * @param dependency the job's dependency
 */
@JsonPropertyOrder({
  "id",
  "type",
  "version",
  "priority",
  "status",
  "time_info",
  "scopes",
  "headers",
  "retry",
  "job",
  "dependency"
})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JobInterchange(
    @JsonProperty("id") String id,
    @JsonProperty("type") String type,
    @JsonProperty("version") int version,
    @JsonProperty("priority") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int priority,
    @JsonProperty("status") JobStatus status,
    @JsonProperty("time_info") JobTimeInfo timeInfo,
    @JsonProperty("scopes") Set<String> scopes,
    @JsonProperty("headers") Map<String, String> headers,
    @JsonProperty("retry") RetryInfo retry,
    @JsonProperty("job") JsonNode job,
    @JsonProperty("dependency") DependencyInterchange dependency) {

  public JobInterchange {
    status = status == null ? JobStatus.initial() : status;
    timeInfo = timeInfo == null ? JobTimeInfo.empty() : timeInfo;
    scopes = scopes == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
    headers =
        headers == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(headers));
  }
}
