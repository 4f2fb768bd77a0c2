package dev.amboy.logback;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A wrapped appender that records what it receives, on which thread, and the event rendered by a
 * pattern on that thread. It can be held shut: appends then block (interruptibly) until released,
 * like a sink that stalls.
 */
final class RecordingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  /** One received event. */
  record Delivery(ILoggingEvent event, String thread, String rendered) {}

  private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
  private final Semaphore entered = new Semaphore(0);
  private final String pattern;
  private PatternLayout layout;
  private volatile CountDownLatch gate;

  RecordingAppender(String pattern) {
    this.pattern = pattern;
  }

  RecordingAppender() {
    this("%msg");
  }

  @Override
  public void start() {
    layout = new PatternLayout();
    layout.setContext(getContext());
    layout.setPattern(pattern);
    layout.start();
    super.start();
  }

  /** Makes appends block until {@link #release()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch current = gate;
    if (current != null) {
      current.countDown();
    }
  }

  /** Permits, one per append that has begun. */
  Semaphore entered() {
    return entered;
  }

  @Override
  protected void append(ILoggingEvent event) {
    entered.release();
    CountDownLatch current = gate;
    if (current != null) {
      try {
        current.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    deliveries.add(new Delivery(event, Thread.currentThread().getName(), layout.doLayout(event)));
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  List<String> messages() {
    return deliveries.stream().map(delivery -> delivery.event().getFormattedMessage()).toList();
  }
}
