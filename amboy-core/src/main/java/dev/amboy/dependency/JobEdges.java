package dev.amboy.dependency;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** A thread-safe, ordered set of job ids that a dependency points at. */
public final class JobEdges {

  private final LinkedHashSet<String> edges = new LinkedHashSet<>();

  public JobEdges() {}

  public JobEdges(Collection<String> initial) {
    initial.forEach(this::add);
  }

  /**
   * Adds an edge.
   *
   * @throws IllegalArgumentException when the id is blank or already present
   */
  public synchronized void add(String jobId) {
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("dependency edge must be a non-blank job id");
    }
    if (!edges.add(jobId)) {
      throw new IllegalArgumentException("dependency edge '" + jobId + "' already exists");
    }
  }

  public synchronized List<String> list() {
    return List.copyOf(edges);
  }

  public synchronized boolean contains(String jobId) {
    return edges.contains(jobId);
  }

  public synchronized int size() {
    return edges.size();
  }
}
