package dev.amboy.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.concurrent.atomic.AtomicInteger;

/** A wrapped appender whose every append throws, as a broken sink's would. */
final class FailingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private final AtomicInteger attempts = new AtomicInteger();

  @Override
  public void doAppend(ILoggingEvent event) {
    attempts.incrementAndGet();
    throw new IllegalStateException("disk on fire");
  }

  @Override
  protected void append(ILoggingEvent event) {
    throw new AssertionError("doAppend never calls append");
  }

  int attempts() {
    return attempts.get();
  }
}
