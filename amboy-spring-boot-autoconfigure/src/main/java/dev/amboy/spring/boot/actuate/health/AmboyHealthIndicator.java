package dev.amboy.spring.boot.actuate.health;

import dev.amboy.Queue;
import dev.amboy.QueueInfo;
import dev.amboy.QueueStats;
import dev.amboy.Runner;
import dev.amboy.spring.boot.autoconfigure.AmboyLifecycle;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of amboy's queues: UP while every queue and its runner run; DOWN when a queue or its
 * runner is not running (or a queue cannot report its jobs, as when its database is unreachable)
 * while the application is running; OUT_OF_SERVICE while the queues drain at shutdown and after;
 * UNKNOWN before they have started. The details list every queue and group.
 */
public class AmboyHealthIndicator extends AbstractHealthIndicator {

  private final AmboyQueues queues;
  private final AmboyLifecycle lifecycle;

  public AmboyHealthIndicator(AmboyQueues queues, AmboyLifecycle lifecycle) {
    super("amboy health check failed");
    this.queues = queues;
    this.lifecycle = lifecycle;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    AmboyLifecycle.State state = lifecycle.state();
    boolean running = state == AmboyLifecycle.State.RUNNING;
    boolean allUp = true;
    Map<String, Object> queueDetails = new LinkedHashMap<>();
    for (Map.Entry<String, Queue> entry : queues.queues().entrySet()) {
      QueueHealth health = check(entry.getValue());
      allUp &= health.up();
      queueDetails.put(entry.getKey(), health.details());
    }
    Map<String, Object> groupDetails = new LinkedHashMap<>();
    for (String group : queues.groups().keySet()) {
      SortedMap<String, Queue> members = queues.groupQueues(group);
      Map<String, Object> memberDetails = new LinkedHashMap<>();
      for (Map.Entry<String, Queue> member : members.entrySet()) {
        QueueHealth health = check(member.getValue());
        allUp &= health.up();
        memberDetails.put(member.getKey(), health.details());
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("size", queues.groups().get(group).len());
      details.put("queues", memberDetails);
      groupDetails.put(group, details);
    }
    Status status;
    if (state == AmboyLifecycle.State.NEW) {
      status = Status.UNKNOWN;
    } else if (!running) {
      status = Status.OUT_OF_SERVICE;
    } else {
      status = allUp ? Status.UP : Status.DOWN;
    }
    builder
        .status(status)
        .withDetail("state", state.name().toLowerCase(java.util.Locale.ROOT))
        .withDetail("queues", queueDetails)
        .withDetail("groups", groupDetails);
  }

  private static QueueHealth check(Queue queue) {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean up;
    try {
      QueueInfo info = queue.info();
      Runner runner = queue.runner();
      boolean runnerStarted = runner.isStarted();
      up = info.started() && !info.closed() && runnerStarted;
      QueueStats stats = queue.stats();
      details.put("status", up ? Status.UP.getCode() : Status.DOWN.getCode());
      details.put("kind", info.kind());
      details.put("started", info.started());
      details.put("closed", info.closed());
      details.put("runner", runner.kind());
      details.put("runnerStarted", runnerStarted);
      details.put("pending", stats.pending());
      details.put("running", stats.running());
      details.put("blocked", stats.blocked());
    } catch (RuntimeException e) {
      up = false;
      details.put("status", Status.DOWN.getCode());
      details.put("error", e.getClass().getName() + ": " + e.getMessage());
    }
    return new QueueHealth(up, details);
  }

  private record QueueHealth(boolean up, Map<String, Object> details) {}
}
