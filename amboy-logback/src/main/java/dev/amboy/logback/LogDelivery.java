package dev.amboy.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.spi.ContextAware;
import dev.amboy.Job;
import dev.amboy.Queue;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One started life of a {@link QueueBackedAppender}: the queue its events go through, the count of
 * events accepted and not yet delivered, and the counters of dropped events and failed deliveries.
 * A restarted appender gets a new one, so jobs left over from an earlier life deliver nothing.
 *
 * <p>Every problem goes to Logback's status manager through the appender, never to a logger: a
 * logger could route the report back into this appender.
 */
final class LogDelivery {

  private final ContextAware status;
  private final String appenderName;
  private final AppenderAttachableImpl<ILoggingEvent> appenders;
  private final Queue queue;
  private final boolean ownsQueue;
  private final boolean includeCallerData;
  private final Duration flushTimeout;
  private final Duration reportInterval;
  private final ProblemCounter drops;
  private final ProblemCounter failures;

  private final AtomicLong outstanding = new AtomicLong();
  private final Object allDelivered = new Object();
  private final ThreadLocal<Boolean> delivering = new ThreadLocal<>();
  private volatile boolean stopped;

  LogDelivery(
      ContextAware status,
      String appenderName,
      AppenderAttachableImpl<ILoggingEvent> appenders,
      Queue queue,
      boolean ownsQueue,
      boolean includeCallerData,
      Duration flushTimeout,
      Duration reportInterval,
      Clock clock) {
    this.status = status;
    this.appenderName = appenderName;
    this.appenders = appenders;
    this.queue = queue;
    this.ownsQueue = ownsQueue;
    this.includeCallerData = includeCallerData;
    this.flushTimeout = flushTimeout;
    this.reportInterval = reportInterval;
    this.drops = new ProblemCounter(clock, reportInterval);
    this.failures = new ProblemCounter(clock, reportInterval);
  }

  /**
   * Puts a job for the event, on the logging thread. Fixes what the event would otherwise read from
   * this thread later (formatted message, thread name, MDC and, when asked for, caller data),
   * because another thread delivers it.
   */
  void submit(ILoggingEvent event) {
    if (delivering.get() != null) {
      dropped(
          "an event logged on delivery thread '"
              + Thread.currentThread().getName()
              + "' by a wrapped appender while it appended is not queued, so that a sink that"
              + " logs cannot feed itself");
      return;
    }
    if (stopped) {
      dropped("it arrived while the appender was stopping");
      return;
    }
    event.prepareForDeferredProcessing();
    if (includeCallerData) {
      event.getCallerData();
    }
    outstanding.incrementAndGet();
    try {
      queue.put(new SendLogEventJob(event, this));
    } catch (RuntimeException e) {
      delivered();
      dropped(Job.describe(e));
    }
  }

  /** Passes the event to every wrapped appender, on a worker of the queue. */
  void deliver(ILoggingEvent event) {
    if (stopped) {
      delivered();
      return;
    }
    delivering.set(Boolean.TRUE);
    try {
      Iterator<Appender<ILoggingEvent>> targets = appenders.iteratorForAppenders();
      while (targets.hasNext()) {
        Appender<ILoggingEvent> target = targets.next();
        try {
          target.doAppend(event);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          failed(target, e);
        }
      }
    } finally {
      delivering.remove();
      delivered();
    }
  }

  private void delivered() {
    if (outstanding.decrementAndGet() == 0) {
      synchronized (allDelivered) {
        allDelivered.notifyAll();
      }
    }
  }

  private void dropped(String reason) {
    long unreported = drops.count();
    if (unreported != ProblemCounter.QUIET) {
      status.addWarn(
          "appender ["
              + appenderName
              + "] dropped a log event: "
              + reason
              + earlier(unreported, "dropped")
              + "; further drops are reported at most every "
              + reportInterval
              + " and counted by droppedCount()");
    }
  }

  private void failed(Appender<ILoggingEvent> target, Throwable error) {
    long unreported = failures.count();
    if (unreported != ProblemCounter.QUIET) {
      status.addError(
          "appender ["
              + target.getName()
              + "] failed to append a log event delivered by appender ["
              + appenderName
              + "]"
              + earlier(unreported, "failed")
              + "; further failures are reported at most every "
              + reportInterval
              + " and counted by failedCount()",
          error);
    }
  }

  private static String earlier(long unreported, String what) {
    return unreported == 0 ? "" : " (" + unreported + " more " + what + " since the last report)";
  }

  /**
   * Waits until every event accepted so far has been delivered.
   *
   * @return whether that happened within the timeout
   */
  boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    synchronized (allDelivered) {
      while (outstanding.get() > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(allDelivered, remaining);
      }
      return true;
    }
  }

  /**
   * Waits up to the flush timeout for queued events, then closes an owned queue (interrupting a
   * delivery still running) and reports what was lost. Events still queued in a supplied queue are
   * discarded when they run.
   */
  void stop() {
    boolean flushed;
    try {
      flushed = flush(flushTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      flushed = false;
    }
    stopped = true;
    long undelivered = flushed ? 0 : Math.max(0, outstanding.get());
    if (ownsQueue) {
      queue.close(Duration.ZERO);
    }
    if (undelivered > 0) {
      drops.add(undelivered);
      status.addWarn(
          "appender ["
              + appenderName
              + "] stopped with "
              + undelivered
              + " log events undelivered: they were still queued in queue '"
              + queue.id()
              + "' after the flushTimeout of "
              + flushTimeout
              + "; raise flushTimeout or add workers");
    }
    if (drops.total() > 0) {
      status.addWarn(
          "appender ["
              + appenderName
              + "] dropped "
              + drops.total()
              + " log events in all since it started");
    }
    if (failures.total() > 0) {
      status.addWarn(
          "appender ["
              + appenderName
              + "] saw "
              + failures.total()
              + " failed appends by its wrapped appenders since it started");
    }
  }

  long droppedCount() {
    return drops.total();
  }

  long failedCount() {
    return failures.total();
  }
}
