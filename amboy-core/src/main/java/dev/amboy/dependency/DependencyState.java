package dev.amboy.dependency;

/** What a job's dependencies say about running it now. */
public enum DependencyState {
  /** Run the job. */
  READY,
  /** Nothing to do: the job's result already exists; complete it without running. */
  PASSED,
  /** Wait: something the job depends on has not finished. */
  BLOCKED,
  /** The job can never become ready (a cycle, a missing check, an unbuildable dependency). */
  UNRESOLVED
}
