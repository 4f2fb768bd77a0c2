package dev.amboy.dependency;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The registered name and version of a dependency implementation.
 *
 * @param name the registered name, for example {@code "create-file"}
 * @param version the version of its stored form
 */
public record DependencyType(
    @JsonProperty("name") String name, @JsonProperty("version") int version) {

  public DependencyType {
    Objects.requireNonNull(name, "dependency type name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("dependency type name must not be blank");
    }
  }

  @Override
  public String toString() {
    return name + "@" + version;
  }
}
