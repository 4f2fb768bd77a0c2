package dev.amboy;

import java.util.List;

/** How a completed job ended. */
public enum JobOutcome {
  SUCCESS,
  ERROR,
  ABORTED;

  /** Classifies a completed job by its recorded errors. */
  public static JobOutcome of(Job job) {
    List<String> errors = job.errors();
    if (errors.isEmpty()) {
      return SUCCESS;
    }
    return AbortableRunner.ABORTED_ERROR.equals(errors.get(errors.size() - 1)) ? ABORTED : ERROR;
  }

  /** The lower-case name used in meter tags and reports. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
