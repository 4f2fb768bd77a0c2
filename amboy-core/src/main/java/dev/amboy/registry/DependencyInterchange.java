package dev.amboy.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The stored form of a job's dependency.
 *
 * @param type the registered dependency type name
 * @param version the dependency type's version
 * @param edges ids of the jobs depended on
 * @param dependency the dependency's own fields
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DependencyInterchange(
    @JsonProperty("type") String type,
    @JsonProperty("version") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int version,
    @JsonProperty("edges") List<String> edges,
    @JsonProperty("dependency") JsonNode dependency) {

  public DependencyInterchange {
    edges = edges == null ? List.of() : List.copyOf(edges);
  }
}
