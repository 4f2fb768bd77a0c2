package dev.amboy.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The average time of one job type.
 *
 * @param type the job type name
 * @param duration the average
 * @param count how many jobs the average is over
 * @param group the queue (group member), or {@code null} for a single queue
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRuntimes(
    @JsonProperty("type") String type,
    @JsonProperty("duration") Duration duration,
    @JsonProperty("count") long count,
    @JsonProperty("group") String group) {}
