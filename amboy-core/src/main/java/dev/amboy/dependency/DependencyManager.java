package dev.amboy.dependency;

import java.util.List;

/**
 * Decides whether a job may run, and names the jobs it waits for. Ordered queues dispatch a job
 * only after every edge has completed; {@link #state()} lets a job skip work whose result exists.
 */
public interface DependencyManager {

  /** The registered type, used to store and rebuild the dependency. */
  DependencyType type();

  /** The current state; may look at the file system or other outside state. */
  DependencyState state();

  /** The ids of the jobs this job depends on, in the order they were added. */
  List<String> edges();

  /**
   * Adds an edge to another job.
   *
   * @throws IllegalArgumentException when the edge already exists or the id is blank
   */
  void addEdge(String jobId);
}
