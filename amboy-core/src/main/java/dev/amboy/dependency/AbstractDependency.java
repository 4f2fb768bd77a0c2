package dev.amboy.dependency;

import java.util.List;

/**
 * Base for dependency implementations: keeps the edges, so subclasses only decide the state. The
 * edges travel in the job envelope, not in the dependency's own stored fields.
 */
public abstract class AbstractDependency implements DependencyManager {

  private final transient JobEdges edges = new JobEdges();

  @Override
  public final List<String> edges() {
    return edges.list();
  }

  @Override
  public final void addEdge(String jobId) {
    edges.add(jobId);
  }

  @Override
  public String toString() {
    return type() + edges.list().toString();
  }
}
