package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts every queue, queue group and scheduled operation once the context is refreshed (never in a
 * bean constructor), and stops them gracefully: operations stop putting jobs, then every queue and
 * group stops taking work and drains for {@code amboy.shutdown.timeout}, after which jobs still
 * running are interrupted and released to run again. Queues and groups close in parallel, so the
 * whole drain takes about the timeout, not the timeout per queue.
 *
 * <p><b>Phase.</b> {@value #PHASE} ({@code SmartLifecycle.DEFAULT_PHASE - 3072}) is below both web
 * server phases of Spring Boot ({@code DEFAULT_PHASE - 1024} for graceful shutdown, {@code
 * DEFAULT_PHASE - 2048} for starting and stopping the server). Lifecycles start in ascending phase
 * and stop in descending phase, so the queues run before the server takes its first request, and at
 * shutdown the web server first finishes its in-flight requests (which may still put jobs) and
 * stops; only then do the queues drain. Everything here stops before the context destroys its
 * beans, so a PostgreSQL queue's DataSource is still open while jobs drain.
 *
 * <p>{@link #stop(Runnable)} drains on the calling thread: the drain is bounded by {@code
 * amboy.shutdown.timeout} plus the runners' interrupt grace, not by {@code
 * spring.lifecycle.timeout-per-shutdown-phase}, so that the context never destroys beans while jobs
 * still run.
 */
public class AmboyLifecycle implements SmartLifecycle {

  /** Runs after (starts before, stops after) the web server; see the class description. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

  private static final Logger log = LoggerFactory.getLogger(AmboyLifecycle.class);

  /** Where the lifecycle is. */
  public enum State {
    /** Not started yet. */
    NEW,
    /** Queues and operations run. */
    RUNNING,
    /** Shutting down: queues take no new work and running jobs are finishing. */
    DRAINING,
    /** Shut down; queues cannot start again. */
    STOPPED
  }

  private final AmboyQueues queues;
  private final AmboyOperations operations;
  private final Duration drainTimeout;
  private volatile State state = State.NEW;

  public AmboyLifecycle(AmboyQueues queues, AmboyOperations operations, Duration drainTimeout) {
    this.queues = queues;
    this.operations = operations;
    this.drainTimeout = drainTimeout;
  }

  public State state() {
    return state;
  }

  /** How long running jobs may finish at shutdown. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  @Override
  public synchronized void start() {
    if (state == State.RUNNING) {
      return;
    }
    if (state != State.NEW) {
      throw new IllegalStateException(
          "amboy queues were stopped and cannot start again; a closed queue stays closed");
    }
    queues.groups().values().forEach(QueueGroup::start);
    queues.queues().values().forEach(Queue::start);
    operations.start();
    state = State.RUNNING;
    log.info(
        "amboy started {} queues, {} groups and {} operations",
        queues.queues().size(),
        queues.groups().size(),
        operations.operations().size());
  }

  @Override
  public void stop() {
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.DRAINING;
    }
    long started = System.nanoTime();
    operations.stop();
    List<Runnable> closers = new ArrayList<>();
    queues.queues().values().forEach(queue -> closers.add(() -> queue.close(drainTimeout)));
    queues.groups().values().forEach(group -> closers.add(() -> group.close(drainTimeout)));
    Parallel.run("amboy-drain", closers, Runnable::run);
    state = State.STOPPED;
    log.info(
        "amboy stopped in {} ms (drain timeout {})",
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        drainTimeout);
  }

  @Override
  public void stop(Runnable callback) {
    try {
      stop();
    } finally {
      callback.run();
    }
  }

  @Override
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
