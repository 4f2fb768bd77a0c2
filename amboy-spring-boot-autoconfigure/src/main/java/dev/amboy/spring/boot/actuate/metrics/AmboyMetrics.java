package dev.amboy.spring.boot.actuate.metrics;

import dev.amboy.Job;
import dev.amboy.JobOutcome;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.QueueListener;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Micrometer meters of every queue and queue group:
 *
 * <ul>
 *   <li>{@value #QUEUE_JOBS}: gauge of a queue's jobs, tags {@code queue} and {@code state} ({@code
 *       pending}, {@code running}, {@code completed}, {@code blocked});
 *   <li>{@value #JOB_DURATION}: timer of job runs, tags {@code queue}, {@code type} and {@code
 *       outcome} ({@code success}, {@code error}, {@code aborted});
 *   <li>{@value #JOB_LATENCY}: timer from a job's creation to its start, tags {@code queue} and
 *       {@code type};
 *   <li>{@value #GROUP_QUEUES}: gauge of the queues a group holds, tag {@code group}.
 * </ul>
 *
 * <p>A queue is tagged with its bean name, a group's queue with {@code <group>:<queue>}. Queues a
 * group creates later get their meters when they are created and lose them when they are pruned. A
 * queue's state gauges share one {@link Queue#stats()} reading per scrape ({@link
 * SharedQueueStats}).
 */
public class AmboyMetrics implements MeterBinder, AmboyQueues.GroupQueueListener {

  public static final String QUEUE_JOBS = "amboy.queue.jobs";
  public static final String JOB_DURATION = "amboy.job.duration";
  public static final String JOB_LATENCY = "amboy.job.latency";
  public static final String GROUP_QUEUES = "amboy.group.queues";

  private final AmboyQueues queues;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /**
   * Every instrumented queue, with the stats reading its state gauges share; the map also keeps
   * that reading alive, since gauges hold their object weakly.
   */
  private final Map<Queue, SharedQueueStats> instrumented = new ConcurrentHashMap<>();

  public AmboyMetrics(AmboyQueues queues) {
    this.queues = queues;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    boolean first;
    synchronized (this) {
      first = registries.isEmpty();
      registries.add(registry);
    }
    if (first) {
      queues.addGroupListener(this);
    }
    queues.queues().forEach((name, queue) -> instrument(name, queue, registry));
    queues
        .groups()
        .forEach(
            (name, group) -> {
              Gauge.builder(GROUP_QUEUES, group, QueueGroup::len)
                  .description("Queues the group holds")
                  .tag("group", name)
                  .register(registry);
              queues
                  .groupQueues(name)
                  .forEach(
                      (member, queue) ->
                          instrument(name + AmboyQueues.GROUP_SEPARATOR + member, queue, registry));
            });
  }

  @Override
  public void queueAdded(String group, String name, Queue queue) {
    for (MeterRegistry registry : registries) {
      instrument(group + AmboyQueues.GROUP_SEPARATOR + name, queue, registry);
    }
  }

  @Override
  public void queueRemoved(String group, String name, Queue queue) {
    String tag = group + AmboyQueues.GROUP_SEPARATOR + name;
    instrumented.remove(queue);
    for (MeterRegistry registry : registries) {
      for (String meter : List.of(QUEUE_JOBS, JOB_DURATION, JOB_LATENCY)) {
        for (Meter found : registry.find(meter).tag("queue", tag).meters()) {
          registry.remove(found);
        }
      }
    }
  }

  private void instrument(String tag, Queue queue, MeterRegistry registry) {
    SharedQueueStats fresh = new SharedQueueStats(queue);
    SharedQueueStats shared = instrumented.putIfAbsent(queue, fresh);
    if (shared == null) {
      shared = fresh;
      queue.addListener(new TimingListener(tag));
    }
    for (SharedQueueStats.State state : SharedQueueStats.State.values()) {
      Gauge.builder(QUEUE_JOBS, shared, s -> s.count(state))
          .description("Jobs of the queue by state")
          .tags("queue", tag, "state", state.tag())
          .register(registry);
    }
  }

  /** Records run times and latencies as the queue reports them. */
  private final class TimingListener implements QueueListener {

    private final String queueTag;

    TimingListener(String queueTag) {
      this.queueTag = queueTag;
    }

    @Override
    public void onJobStarted(Queue queue, Job job) {
      JobTimeInfo times = job.timeInfo();
      Instant created = times.created();
      Instant start = times.start();
      if (created == null || start == null) {
        return;
      }
      Duration latency = Duration.between(created, start);
      Tags tags = Tags.of("queue", queueTag, "type", job.type().name());
      for (MeterRegistry registry : registries) {
        Timer.builder(JOB_LATENCY)
            .description("Time from a job's creation to its start")
            .tags(tags)
            .register(registry)
            .record(latency.isNegative() ? Duration.ZERO : latency);
      }
    }

    @Override
    public void onJobCompleted(Queue queue, Job job) {
      JobTimeInfo times = job.timeInfo();
      if (times.start() == null || times.end() == null) {
        return;
      }
      Duration duration = times.duration();
      Tags tags =
          Tags.of(
              "queue", queueTag, "type", job.type().name(), "outcome", JobOutcome.of(job).tag());
      for (MeterRegistry registry : registries) {
        Timer.builder(JOB_DURATION)
            .description("Run time of jobs")
            .tags(tags)
            .register(registry)
            .record(duration.isNegative() ? Duration.ZERO : duration);
      }
    }
  }
}
