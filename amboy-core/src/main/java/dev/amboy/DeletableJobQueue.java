package dev.amboy;

/** A queue that can forget jobs. */
public interface DeletableJobQueue extends Queue {

  /**
   * Removes a pending or completed job.
   *
   * @return whether a job was removed; {@code false} when the queue holds no such job
   * @throws IllegalStateException when the job is running
   */
  boolean delete(String id);
}
