package dev.amboy.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The record of one finished attempt of a job that was retried.
 *
 * @param attempt the 1-based attempt number
 * @param start when the attempt started
 * @param end when it ended
 * @param errors what went wrong
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JobAttempt(
    @JsonProperty("attempt") int attempt,
    @JsonProperty("start") Instant start,
    @JsonProperty("end") Instant end,
    @JsonProperty("errors") List<String> errors) {

  public JobAttempt {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
