package dev.amboy.schedule;

import dev.amboy.Queue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One schedule on its own thread ({@code amboy-op-<name>}): waits for each due time, runs the
 * targets' operations in order, and applies the config's threshold, duplicate and error rules.
 *
 * <p>Waiting re-reads the clock at least every {@link #CLOCK_CHECK_INTERVAL}, so a clock that jumps
 * (or a test's settable clock) is noticed within that period without sleeping for the whole wait.
 */
final class ScheduledOperationThread implements ScheduledOperation {

  private static final Logger log = LoggerFactory.getLogger(ScheduledOperationThread.class);

  /** The longest real-time wait between two readings of the clock. */
  static final Duration CLOCK_CHECK_INTERVAL = Duration.ofMillis(25);

  /** Where one operation of a tick runs: a queue (looked up each time) and an optional check. */
  record Target(
      String queueName, Supplier<Queue> queue, BooleanSupplier check, QueueOperation op) {}

  private final String name;
  private final Schedule schedule;
  private final QueueOperationConfig config;
  private final Clock clock;
  private final List<Target> targets;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean stopRequested;
  private volatile Instant nextRun;
  private volatile Throwable lastError;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong skips = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  private ScheduledOperationThread(
      String name,
      Schedule schedule,
      QueueOperationConfig config,
      Clock clock,
      List<Target> targets) {
    this.name = name;
    this.schedule = schedule;
    this.config = config;
    this.clock = clock;
    this.targets = List.copyOf(targets);
    this.thread = new Thread(this::loop, "amboy-op-" + name);
    this.thread.setDaemon(true);
  }

  /** Creates the schedule and starts its thread. */
  static ScheduledOperation start(
      String name,
      Schedule schedule,
      QueueOperationConfig config,
      Clock clock,
      List<Target> targets) {
    ScheduledOperationThread operation =
        new ScheduledOperationThread(name, schedule, config, clock, targets);
    operation.thread.start();
    return operation;
  }

  /** A random extra delay in {@code [0, max)}; zero when {@code max} is zero. */
  static Duration jitter(Duration max, RandomGenerator random) {
    long nanos = max.toNanos();
    return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(nanos));
  }

  private void loop() {
    try {
      Instant due = schedule.firstRun(clock.instant());
      while (awaitDue(due) && tick()) {
        Instant now = clock.instant();
        Instant following = schedule.nextRun(due, now);
        if (following == null || !following.isAfter(now)) {
          throw new IllegalStateException(
              "schedule "
                  + schedule
                  + " gave next run "
                  + following
                  + ", which is not after "
                  + now);
        }
        due = following.plus(jitter(config.jitter(), ThreadLocalRandom.current()));
      }
    } catch (VirtualMachineError fatal) {
      lastError = fatal;
      log.error("scheduled operation '{}' ended: {}", name, fatal.toString());
      throw fatal;
    } catch (Throwable t) {
      lastError = t;
      failures.incrementAndGet();
      log.error("scheduled operation '{}' ended: its schedule failed", name, t);
    } finally {
      nextRun = null;
      ended.countDown();
    }
  }

  /** Waits until the clock reaches {@code due}; returns false when the schedule was stopped. */
  private boolean awaitDue(Instant due) {
    nextRun = due;
    lock.lock();
    try {
      while (!stopRequested) {
        long remaining = nanosBetween(clock.instant(), due);
        if (remaining <= 0) {
          nextRun = null;
          return true;
        }
        try {
          wake.awaitNanos(Math.min(remaining, CLOCK_CHECK_INTERVAL.toNanos()));
        } catch (InterruptedException e) {
          log.debug("scheduled operation '{}' was interrupted while waiting", name);
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  private static long nanosBetween(Instant from, Instant to) {
    try {
      return Duration.between(from, to).toNanos();
    } catch (ArithmeticException e) {
      return from.isBefore(to) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  /** Runs every target once; returns whether the schedule goes on. */
  private boolean tick() {
    for (Target target : targets) {
      if (stopRequested) {
        return false;
      }
      Queue queue;
      try {
        if (!target.check().getAsBoolean()) {
          trace("scheduled operation '{}' skipped queue '{}': its check said no", target);
          continue;
        }
        queue = target.queue().get();
        if (config.respectThreshold() && queue.stats().pending() > config.threshold()) {
          skips.incrementAndGet();
          trace(
              "scheduled operation '{}' skipped queue '{}': pending jobs exceed the threshold",
              target);
          continue;
        }
      } catch (RuntimeException e) {
        if (!failed(target, e)) {
          return false;
        }
        continue;
      }
      runs.incrementAndGet();
      try {
        trace("scheduled operation '{}' runs on queue '{}'", target);
        target.op().run(queue);
      } catch (InterruptedException e) {
        if (stopRequested) {
          return false;
        }
        if (!failed(target, e)) {
          return false;
        }
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable t) {
        if (stopRequested) {
          return false;
        }
        if (!failed(target, t)) {
          return false;
        }
      } finally {
        if (!stopRequested) {
          // only stop() may interrupt this thread; an interrupt the operation left behind is
          // cleared
          Thread.interrupted();
        }
      }
    }
    return !stopRequested;
  }

  /** Applies the error rules to a failure; returns whether the schedule goes on. */
  private boolean failed(Target target, Throwable error) {
    if (!config.enableDuplicateJobReporting() && QueueOperationException.isOnlyDuplicates(error)) {
      log.debug(
          "scheduled operation '{}' put a job that queue '{}' already holds: {}",
          name,
          target.queueName(),
          error.getMessage());
      return true;
    }
    failures.incrementAndGet();
    lastError = error;
    if (config.continueOnError()) {
      if (config.logErrors()) {
        log.warn(
            "scheduled operation '{}' failed on queue '{}'; it carries on",
            name,
            target.queueName(),
            error);
      } else {
        log.debug("scheduled operation '{}' failed on queue '{}'", name, target.queueName(), error);
      }
      return true;
    }
    log.error(
        "scheduled operation '{}' failed on queue '{}' and stops (continueOnError is off)",
        name,
        target.queueName(),
        error);
    return false;
  }

  private void trace(String message, Target target) {
    if (config.debugLogging()) {
      log.info(message, name, target.queueName());
    } else {
      log.debug(message, name, target.queueName());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isRunning() {
    return ended.getCount() > 0 && !stopRequested;
  }

  @Override
  public Optional<Instant> nextRun() {
    return Optional.ofNullable(nextRun);
  }

  @Override
  public long runs() {
    return runs.get();
  }

  @Override
  public long skips() {
    return skips.get();
  }

  @Override
  public long failures() {
    return failures.get();
  }

  @Override
  public Optional<Throwable> lastError() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public boolean stop(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0 but was " + timeout);
    }
    stopRequested = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() == thread) {
      return false;
    }
    try {
      if (!timeout.isZero()) {
        thread.join(Math.max(1, timeout.toMillis()));
      }
      if (!thread.isAlive()) {
        return true;
      }
      log.warn(
          "scheduled operation '{}' was still running {} after it was asked to stop; interrupting"
              + " it",
          name,
          timeout);
      thread.interrupt();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "scheduled-operation[" + name + ", " + schedule + "]";
  }
}
