package dev.amboy;

/** The queue has been closed and takes no more work. */
public class QueueClosedException extends AmboyException {

  private static final long serialVersionUID = 1L;

  public QueueClosedException(String queueId) {
    super("queue '" + queueId + "' is closed and accepts no jobs");
  }
}
