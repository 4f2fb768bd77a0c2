package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many jobs of one type matched a status filter.
 *
 * @param type the job type name
 * @param count the number of matching jobs
 * @param group the queue (group member) the jobs are in, or {@code null} for a single queue
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobCounters(
    @JsonProperty("type") String type,
    @JsonProperty("count") long count,
    @JsonProperty("group") String group) {}
