package dev.amboy.management;

import java.time.Duration;
import java.time.Instant;

/**
 * Reports on a queue's jobs and bulk operations over them (Go amboy's {@code management.Manager},
 * with mongodb/amboy's {@code completeJobsByPattern}). Implementations exist for in-memory queues
 * and for PostgreSQL.
 *
 * <p>Every method validates its arguments first and fails with an {@link IllegalArgumentException}
 * naming the bad one: a {@code null} filter, a window shorter than one second, a blank job type, a
 * malformed pattern, a negative limit, a prune time in the future.
 */
public interface QueueManager {

  /** Job counts by type for the filter. */
  JobStatusReport jobStatus(StatusFilter filter);

  /** Average times by type for jobs inside the window that ends now. */
  JobRuntimeReport recentTiming(Duration window, RuntimeFilter filter);

  /** The ids of the jobs of a type that match the filter. */
  JobReportIds jobIdsByState(String jobType, StatusFilter filter);

  /** Errors by type of jobs that completed inside the window. */
  JobErrorsReport recentErrors(Duration window, ErrorFilter filter);

  /** Errors of one type of job that completed inside the window. */
  JobErrorsReport recentJobErrors(String jobType, Duration window, ErrorFilter filter);

  /**
   * Marks one job completed without running it (or, if running, without waiting for it).
   *
   * @throws dev.amboy.JobNotDefinedException when the queue holds no such job
   */
  void completeJob(String jobId);

  /**
   * Marks every job that matches the filter completed.
   *
   * @return how many jobs changed
   * @throws IllegalArgumentException for {@link StatusFilter#COMPLETED}, which would change nothing
   */
  int completeJobs(StatusFilter filter);

  /** Marks every job of a type that matches the filter completed; returns how many changed. */
  int completeJobsByType(StatusFilter filter, String jobType);

  /**
   * Marks every job whose id matches a regular expression (searched, not fully matched) and the
   * filter completed; returns how many changed.
   */
  int completeJobsByPattern(StatusFilter filter, String idPattern);

  /**
   * Deletes up to {@code limit} jobs that match the filter and whose relevant time (end for
   * completed jobs, start for running or stale ones, creation for pending ones) is before {@code
   * before}.
   *
   * @param limit the most jobs to delete; 0 means no limit
   * @return how many jobs were deleted
   * @throws UnsupportedOperationException when the queue cannot delete jobs
   */
  int pruneJobs(Instant before, int limit, StatusFilter filter);
}
