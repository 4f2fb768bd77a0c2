package dev.amboy;

/** Another owner holds a fresh lock on the job. */
public class LockNotHeldException extends AmboyException {

  private static final long serialVersionUID = 1L;

  public LockNotHeldException(String jobId, String owner, String holder) {
    super(
        "cannot lock job '"
            + jobId
            + "' for '"
            + owner
            + "': it is locked by '"
            + holder
            + "' and the lock is not stale");
  }

  public LockNotHeldException(String message) {
    super(message);
  }
}
