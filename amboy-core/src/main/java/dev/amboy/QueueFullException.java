package dev.amboy;

import java.time.Duration;

/** A bounded queue stayed at capacity for as long as the producer was willing to wait. */
public class QueueFullException extends AmboyException {

  private static final long serialVersionUID = 1L;

  private final String queueId;
  private final int capacity;

  public QueueFullException(String queueId, int capacity, Duration waited) {
    super(
        "queue full: queue '"
            + queueId
            + "' holds its capacity of "
            + capacity
            + " pending jobs and none was dispatched within "
            + waited
            + "; raise the capacity, add workers or put with a longer timeout");
    this.queueId = queueId;
    this.capacity = capacity;
  }

  public String queueId() {
    return queueId;
  }

  public int capacity() {
    return capacity;
  }
}
