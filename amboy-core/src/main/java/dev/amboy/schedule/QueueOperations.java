package dev.amboy.schedule;

import dev.amboy.Job;
import dev.amboy.Queue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Makes the usual {@link QueueOperation}s: put one job, put many, put what a generator yields, run
 * several operations. The many-job and several-operation forms try everything before reporting, and
 * report every failure together in a {@link QueueOperationException}.
 */
public final class QueueOperations {

  private QueueOperations() {}

  /** Puts the job {@code supplier} makes each time (Go's {@code ScheduleJobFactory}). */
  public static QueueOperation job(Supplier<? extends Job> supplier) {
    requireArgument("supplier", supplier);
    return queue -> {
      Job job = supplier.get();
      if (job == null) {
        throw new IllegalStateException(
            "the job supplier for queue '" + queue.id() + "' returned null");
      }
      queue.put(job);
    };
  }

  /**
   * Puts every job {@code supplier} returns, carrying on past failures (Go's {@code
   * ScheduleManyJobsFactory}).
   *
   * @throws QueueOperationException from the operation, after every put was tried, when any failed
   */
  public static QueueOperation jobs(Supplier<? extends Collection<? extends Job>> supplier) {
    requireArgument("supplier", supplier);
    return queue -> {
      Collection<? extends Job> jobs = supplier.get();
      if (jobs == null) {
        throw new IllegalStateException(
            "the jobs supplier for queue '" + queue.id() + "' returned null");
      }
      putAll(queue, jobs.iterator());
    };
  }

  /**
   * Puts every job of the stream {@code generator} returns, carrying on past failures, and closes
   * the stream (Go's {@code ScheduleJobsFromGeneratorFactory}). The stream is read lazily, so it
   * may produce jobs as it goes; reading stops when the schedule stops.
   *
   * @throws QueueOperationException from the operation, after the stream ended, when any put failed
   */
  public static QueueOperation generator(Supplier<? extends Stream<? extends Job>> generator) {
    requireArgument("generator", generator);
    return queue -> {
      try (Stream<? extends Job> jobs = generator.get()) {
        if (jobs == null) {
          throw new IllegalStateException(
              "the job generator for queue '" + queue.id() + "' returned null");
        }
        putAll(queue, jobs.iterator());
      }
    };
  }

  /**
   * Runs every operation in order, carrying on past failures (Go's {@code
   * GroupQueueOperationFactory}).
   *
   * @throws QueueOperationException from the operation, after all ran, when any failed
   */
  public static QueueOperation all(QueueOperation first, QueueOperation... rest) {
    List<QueueOperation> operations = new ArrayList<>(1 + rest.length);
    operations.add(first);
    operations.addAll(java.util.Arrays.asList(rest));
    for (int i = 0; i < operations.size(); i++) {
      requireArgument("operation " + (i + 1), operations.get(i));
    }
    return queue -> {
      List<Exception> failures = new ArrayList<>();
      for (QueueOperation operation : operations) {
        try {
          operation.run(queue);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          failures.add(e);
        }
      }
      if (!failures.isEmpty()) {
        throw new QueueOperationException(
            failures.size()
                + " of "
                + operations.size()
                + " operations failed on queue '"
                + queue.id()
                + "'",
            failures);
      }
    };
  }

  private static void putAll(Queue queue, Iterator<? extends Job> jobs)
      throws InterruptedException {
    List<RuntimeException> failures = new ArrayList<>();
    int tried = 0;
    while (jobs.hasNext()) {
      if (Thread.interrupted()) {
        throw new InterruptedException(
            "stopped while putting jobs into queue '" + queue.id() + "' after " + tried + " jobs");
      }
      Job job = jobs.next();
      tried++;
      try {
        if (job == null) {
          throw new IllegalStateException("job " + tried + " of the batch was null");
        }
        queue.put(job);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw new QueueOperationException(
          failures.size()
              + " of "
              + tried
              + " jobs could not be put into queue '"
              + queue.id()
              + "'",
          failures);
    }
  }

  static void requireArgument(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set but was null");
    }
  }
}
