package dev.amboy.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.util.ReentryGuard;
import ch.qos.logback.core.util.ReentryGuardFactory;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Logback appender that hands each event to an amboy queue and lets the queue's workers pass it
 * to the appenders it wraps, so that a slow sink (a busy disk, a remote collector) does not slow
 * the thread that logs. It is configured like Logback's {@code AsyncAppender}: wrapped appenders
 * are {@code <appender-ref>} children, and every event goes to each of them in order.
 *
 * <p>Each event becomes a job of the local-only type {@value #JOB_TYPE_NAME} (version -1); the
 * event is prepared on the logging thread (formatted message, thread name, MDC and, with {@code
 * includeCallerData}, caller data), because it is delivered on another one.
 *
 * <p>Two ways to get a queue:
 *
 * <ul>
 *   <li>{@link #QueueBackedAppender()}: the appender creates, starts and closes its own bounded
 *       in-memory queue from {@code workers}, {@code capacity} and {@code maxBlock}. This is the
 *       form {@code logback.xml} uses. One worker (the default) delivers events in the order they
 *       were logged; several deliver them concurrently, in no guaranteed order.
 *   <li>{@link #QueueBackedAppender(Queue)}: events go through a queue the caller owns, starts and
 *       closes; the queue's capacity and put timeout apply.
 * </ul>
 *
 * <p>A full queue never holds the logging thread longer than {@code maxBlock} (default 0: not at
 * all). An event that does not fit is dropped and counted ({@link #droppedCount()}); drops and
 * failures of wrapped appenders are reported through Logback's status manager, the first of each
 * kind at once and the rest summed up at most every {@code reportInterval}, never through a logger,
 * which could route the report back here.
 *
 * <p>{@link #stop()} waits up to {@code flushTimeout} for queued events to be delivered, then stops
 * the queue it owns and the wrapped appenders. Add {@code <shutdownHook/>} to {@code logback.xml}
 * so that this also happens when the JVM exits: the workers are daemon threads, like {@code
 * AsyncAppender}'s.
 */
public class QueueBackedAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {

  /** The name of the job type that delivers one event. */
  public static final String JOB_TYPE_NAME = "send-log-event";

  /** The local-only job type that delivers one event. */
  public static final JobType JOB_TYPE = JobType.of(JOB_TYPE_NAME, -1);

  /** One worker: events are delivered in the order they were logged. */
  public static final int DEFAULT_WORKERS = 1;

  public static final int DEFAULT_CAPACITY = 1024;

  /** A logging thread never waits for room in a full queue: the event is dropped and counted. */
  public static final Duration DEFAULT_MAX_BLOCK = Duration.ZERO;

  public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(1);

  public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofMinutes(1);

  private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
  private final Queue suppliedQueue;

  private Integer workers;
  private Integer capacity;
  private Duration maxBlock;
  private Duration flushTimeout = DEFAULT_FLUSH_TIMEOUT;
  private Duration reportInterval = DEFAULT_REPORT_INTERVAL;
  private boolean includeCallerData;
  private Clock clock = Clock.systemUTC();

  private volatile LogDelivery delivery;

  /** An appender that creates its own queue when it starts; the form {@code logback.xml} uses. */
  public QueueBackedAppender() {
    this.suppliedQueue = null;
  }

  /**
   * An appender whose events go through {@code queue}. The caller starts and closes the queue;
   * {@link #stop()} only waits for this appender's events and stops the wrapped appenders. The
   * queue must keep jobs in memory, because the jobs carrying events are local-only.
   */
  public QueueBackedAppender(Queue queue) {
    this.suppliedQueue = Objects.requireNonNull(queue, "queue must not be null");
  }

  /**
   * Checks every setting, reporting all problems in one status error (and staying stopped) when any
   * is invalid, then creates and starts the queue unless one was supplied.
   */
  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    SettingViolations problems =
        new SettingViolations("settings of appender [" + getName() + "]")
            .check(
                appenders.iteratorForAppenders().hasNext(),
                "appender-ref must name at least one appender to deliver to but none is attached");
    if (suppliedQueue == null) {
      problems
          .atLeast("workers", getWorkers(), 1)
          .atLeast("capacity", getCapacity(), 1)
          .notNegative("maxBlock", effectiveMaxBlock());
    } else {
      String owned =
          " must not be set when the appender uses the supplied queue '"
              + suppliedQueue.id()
              + "' (configure that queue instead) but was ";
      problems
          .check(workers == null, "workers" + owned + workers)
          .check(capacity == null, "capacity" + owned + capacity)
          .check(maxBlock == null, "maxBlock" + owned + maxBlock);
    }
    problems.notNegative("flushTimeout", flushTimeout).positive("reportInterval", reportInterval);
    String invalid = problems.describe().orElse(null);
    if (invalid != null) {
      addError(invalid);
      return;
    }
    Queue queue = suppliedQueue != null ? suppliedQueue : createQueue();
    delivery =
        new LogDelivery(
            this,
            getName(),
            appenders,
            queue,
            suppliedQueue == null,
            includeCallerData,
            flushTimeout,
            reportInterval,
            clock);
    if (suppliedQueue == null) {
      queue.start();
    }
    super.start();
  }

  private Queue createQueue() {
    String queueName = queueName(getName());
    Queue queue =
        Queues.limitedSize(
            LocalQueueOptions.builder(queueName)
                .workers(getWorkers())
                .capacity(getCapacity())
                .putTimeout(effectiveMaxBlock())
                .build());
    queue.setRunner(
        Runners.pool(
            RunnerOptions.builder()
                .workers(getWorkers())
                .threadFactory(daemonWorkers(queueName))
                .build()));
    return queue;
  }

  /** {@code logback-<appender name>}, with characters a queue name cannot hold replaced by '_'. */
  static String queueName(String appenderName) {
    String base = appenderName == null || appenderName.isEmpty() ? "appender" : appenderName;
    if (base.length() > 180) {
      base = base.substring(0, 180);
    }
    return "logback-" + base.replaceAll("[^A-Za-z0-9._:@-]", "_");
  }

  /**
   * Daemon workers named like the default ones, so that an application that never stops its logger
   * context can still exit.
   */
  private static ThreadFactory daemonWorkers(String queueName) {
    AtomicInteger numbers = new AtomicInteger();
    return task -> {
      Thread thread =
          new Thread(task, "amboy-" + queueName + "-worker-" + numbers.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Drops events this thread logs while this appender is already appending one (a queue that logs
   * while it takes a job), instead of recursing.
   */
  @Override
  protected ReentryGuard buildReentryGuard() {
    return ReentryGuardFactory.makeGuard(ReentryGuardFactory.GuardType.THREAD_LOCAL);
  }

  @Override
  protected void append(ILoggingEvent event) {
    LogDelivery current = delivery;
    if (current != null) {
      current.submit(event);
    }
  }

  /**
   * Stops taking events, waits up to {@code flushTimeout} for queued ones to be delivered, closes
   * the queue it created and stops the wrapped appenders; what could not be delivered is reported
   * through the status manager and counted by {@link #droppedCount()}.
   */
  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    delivery.stop();
    appenders.detachAndStopAllAppenders();
  }

  /**
   * Waits until every event accepted so far has been delivered, without stopping. Only this
   * appender's events count, also on a shared queue.
   *
   * @return whether they were delivered within the timeout; {@code true} when never started
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout must not be null");
    LogDelivery current = delivery;
    return current == null || current.flush(timeout);
  }

  /**
   * Events accepted and never delivered since the appender last started: refused by a full or
   * closed queue, logged by a wrapped appender while it was delivering, or still queued when {@link
   * #stop()} gave up waiting.
   */
  public long droppedCount() {
    LogDelivery current = delivery;
    return current == null ? 0 : current.droppedCount();
  }

  /** Appends by wrapped appenders that threw, since the appender last started. */
  public long failedCount() {
    LogDelivery current = delivery;
    return current == null ? 0 : current.failedCount();
  }

  /** The number of delivering workers of the queue the appender creates; read at start. */
  public int getWorkers() {
    return workers == null ? DEFAULT_WORKERS : workers;
  }

  public void setWorkers(int workers) {
    this.workers = workers;
  }

  /** The most events the created queue holds before it drops them; read at start. */
  public int getCapacity() {
    return capacity == null ? DEFAULT_CAPACITY : capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The longest a logging thread waits for room in the created queue before the event is dropped,
   * for example {@code 5 milliseconds}; read at start.
   */
  public ch.qos.logback.core.util.Duration getMaxBlock() {
    return toLogback(effectiveMaxBlock());
  }

  public void setMaxBlock(ch.qos.logback.core.util.Duration maxBlock) {
    this.maxBlock = toJava(maxBlock);
  }

  /** How long {@link #stop()} waits for queued events to be delivered; read at start. */
  public ch.qos.logback.core.util.Duration getFlushTimeout() {
    return toLogback(flushTimeout);
  }

  public void setFlushTimeout(ch.qos.logback.core.util.Duration flushTimeout) {
    this.flushTimeout = toJava(flushTimeout);
  }

  /** The shortest time between two status reports of drops or failures; read at start. */
  public ch.qos.logback.core.util.Duration getReportInterval() {
    return toLogback(reportInterval);
  }

  public void setReportInterval(ch.qos.logback.core.util.Duration reportInterval) {
    this.reportInterval = toJava(reportInterval);
  }

  /**
   * Whether caller data (class, method, line) is captured on the logging thread; off by default
   * because it costs a stack walk per event. Read at start.
   */
  public boolean isIncludeCallerData() {
    return includeCallerData;
  }

  public void setIncludeCallerData(boolean includeCallerData) {
    this.includeCallerData = includeCallerData;
  }

  /** The clock that times status reports; read at start. */
  void setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  private Duration effectiveMaxBlock() {
    return maxBlock == null ? DEFAULT_MAX_BLOCK : maxBlock;
  }

  private static Duration toJava(ch.qos.logback.core.util.Duration value) {
    return value == null ? null : Duration.ofMillis(value.getMilliseconds());
  }

  private static ch.qos.logback.core.util.Duration toLogback(Duration value) {
    return value == null ? null : new ch.qos.logback.core.util.Duration(value.toMillis());
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    appenders.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return appenders.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return appenders.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return appenders.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return appenders.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return appenders.detachAppender(name);
  }
}
