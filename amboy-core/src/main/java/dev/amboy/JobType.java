package dev.amboy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The name and implementation version of a job, used by the {@link dev.amboy.registry.JobRegistry}
 * to turn a stored job back into an object. A negative version marks a type as local-only: it can
 * run on in-memory queues but is never serialized, because its state cannot be rebuilt elsewhere.
 *
 * @param name the registered type name, for example {@code "send-email"}
 * @param version the version of the job's stored form; bump it when the payload changes shape
 */
public record JobType(@JsonProperty("name") String name, @JsonProperty("version") int version) {

  public JobType {
    Objects.requireNonNull(name, "job type name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("job type name must not be blank");
    }
  }

  public static JobType of(String name, int version) {
    return new JobType(name, version);
  }

  /** Whether this type may only run in memory and is refused by serialization. */
  public boolean isLocalOnly() {
    return version < 0;
  }

  @Override
  public String toString() {
    return name + "@" + version;
  }
}
