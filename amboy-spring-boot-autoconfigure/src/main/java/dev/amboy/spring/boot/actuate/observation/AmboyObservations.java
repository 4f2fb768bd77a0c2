package dev.amboy.spring.boot.actuate.observation;

import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobInterceptor;
import dev.amboy.Queue;
import dev.amboy.spring.boot.autoconfigure.AmboyPutInterceptor;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Micrometer observations of amboy jobs: {@value #PUT} around each put (a producer observation, on
 * the caller's thread) and {@value #RUN} around each run (a consumer observation, on the worker's
 * thread). The put writes the current trace context into the job's {@link Job#headers()} through
 * {@link SenderContext}, and the run reads it back through {@link ReceiverContext}, so a tracing
 * bridge makes one trace that spans from the enqueue to the execution, also when a PostgreSQL queue
 * carries the job to another process.
 *
 * <p>Puts are observed on the queues the starter creates; runs on every queue of the application.
 * Low-cardinality keys: {@code amboy.queue}, {@code amboy.job.type}; high-cardinality: {@code
 * amboy.job.id}.
 */
public class AmboyObservations
    implements AmboyPutInterceptor,
        JobInterceptor,
        SmartInitializingSingleton,
        AmboyQueues.GroupQueueListener {

  /** The name of the put observation. */
  public static final String PUT = "amboy.job.put";

  /** The name of the run observation. */
  public static final String RUN = "amboy.job.run";

  private final ObservationRegistry registry;
  private final AmboyQueues queues;
  private final Set<Queue> intercepted = ConcurrentHashMap.newKeySet();

  public AmboyObservations(ObservationRegistry registry, AmboyQueues queues) {
    this.registry = registry;
    this.queues = queues;
  }

  /** Wraps the runs of every queue that exists now and of every queue a group creates later. */
  @Override
  public void afterSingletonsInstantiated() {
    queues.addGroupListener(this);
    queues.queues().values().forEach(this::intercept);
    queues
        .groups()
        .keySet()
        .forEach(group -> queues.groupQueues(group).values().forEach(this::intercept));
  }

  @Override
  public void queueAdded(String group, String name, Queue queue) {
    intercept(queue);
  }

  @Override
  public void queueRemoved(String group, String name, Queue queue) {
    intercepted.remove(queue);
  }

  private void intercept(Queue queue) {
    if (intercepted.add(queue)) {
      queue.addInterceptor(this);
    }
  }

  @Override
  public void aroundPut(Queue queue, Job job, Runnable put) {
    SenderContext<Job> context =
        new SenderContext<>(
            (carrier, key, value) -> carrier.headers().put(key, value), Kind.PRODUCER);
    context.setCarrier(job);
    context.setRemoteServiceName("amboy");
    Observation.createNotStarted(PUT, () -> context, registry)
        .contextualName("amboy put " + queue.id())
        .lowCardinalityKeyValues(lowCardinality(queue, job))
        .highCardinalityKeyValue("amboy.job.id", job.id())
        .observe(put);
  }

  @Override
  public void aroundRun(Queue queue, Job job, JobContext jobContext, Invocation invocation)
      throws Exception {
    ReceiverContext<Job> context =
        new ReceiverContext<>((carrier, key) -> carrier.headers().get(key), Kind.CONSUMER);
    context.setCarrier(job);
    context.setRemoteServiceName("amboy");
    Observation.createNotStarted(RUN, () -> context, registry)
        .contextualName("amboy run " + queue.id())
        .lowCardinalityKeyValues(lowCardinality(queue, job))
        .highCardinalityKeyValue("amboy.job.id", job.id())
        .observeChecked(invocation::proceed);
  }

  private static KeyValues lowCardinality(Queue queue, Job job) {
    return KeyValues.of("amboy.queue", queue.id(), "amboy.job.type", job.type().name());
  }
}
