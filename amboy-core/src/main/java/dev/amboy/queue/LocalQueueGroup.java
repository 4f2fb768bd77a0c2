package dev.amboy.queue;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory queues created on first use and pruned when idle. A queue that has never had work holds
 * no thread (its workers start with its first job and leave when idle), so thousands of idle queues
 * cost only their bookkeeping.
 */
final class LocalQueueGroup implements QueueGroup {

  private static final Logger log = LoggerFactory.getLogger(LocalQueueGroup.class);

  private final String name;
  private final LocalQueueGroupOptions options;
  private final Clock clock;
  private final Map<String, Member> members = new ConcurrentHashMap<>();
  private final Object lifecycle = new Object();
  private ScheduledExecutorService pruner;
  private volatile boolean closed;

  LocalQueueGroup(LocalQueueGroupOptions options) {
    this.options = options;
    this.name = options.name();
    this.clock = options.clock();
  }

  @Override
  public Queue get(String queueName) {
    while (true) {
      Member member = members.get(queueName);
      if (member != null) {
        if (member.use(clock.instant())) {
          return member.queue;
        }
        // pruned between the lookup and now: its removal from the map is on its way
        members.remove(queueName, member);
        continue;
      }
      if (closed) {
        throw new IllegalStateException("queue group '" + name + "' is closed");
      }
      Queue created = options.queueFactory().apply(queueName);
      if (created == null) {
        throw new IllegalStateException(
            "the queue factory of group '" + name + "' returned null for '" + queueName + "'");
      }
      if (members.putIfAbsent(queueName, new Member(created, clock.instant())) != null) {
        created.close();
        continue;
      }
      created.start();
      return created;
    }
  }

  @Override
  public void put(String queueName, Queue queue) {
    if (members.putIfAbsent(queueName, new Member(queue, clock.instant())) != null) {
      throw new IllegalArgumentException(
          "queue group '" + name + "' already has a queue named '" + queueName + "'");
    }
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (pruner != null || closed || options.pruneFrequency().isZero()) {
        return;
      }
      pruner =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "amboy-group-" + name + "-pruner");
                thread.setDaemon(true);
                return thread;
              });
      long period = options.pruneFrequency().toNanos();
      pruner.scheduleWithFixedDelay(this::pruneQuietly, period, period, TimeUnit.NANOSECONDS);
    }
  }

  private void pruneQuietly() {
    try {
      prune();
    } catch (RuntimeException e) {
      log.warn("pruning queue group '{}' failed", name, e);
    }
  }

  @Override
  public int prune() {
    Instant now = clock.instant();
    Duration ttl = options.ttl();
    int pruned = 0;
    for (Map.Entry<String, Member> entry : members.entrySet()) {
      Member member = entry.getValue();
      if (member.retireIfIdle(now, ttl)) {
        members.remove(entry.getKey(), member);
        member.queue.close();
        pruned++;
        handOnStranded(entry.getKey(), member.queue);
      }
    }
    return pruned;
  }

  /**
   * Puts the jobs that reached a pruned queue while it closed, through a reference to it kept since
   * before the pass, into the queue that replaces it: they were accepted and must run.
   */
  private void handOnStranded(String queueName, Queue pruned) {
    if (!(pruned instanceof AbstractLocalQueue local)) {
      return;
    }
    int moved = 0;
    for (Job job : local.takeBackPending()) {
      try {
        get(queueName).put(job);
        moved++;
      } catch (RuntimeException e) {
        log.warn(
            "queue group '{}': job '{}', put while queue '{}' was pruned, could not be moved to"
                + " its replacement: {}",
            name,
            job.id(),
            queueName,
            e.getMessage());
      }
    }
    if (moved > 0) {
      log.debug(
          "queue group '{}' moved {} jobs put while queue '{}' was pruned to its replacement",
          name,
          moved,
          queueName);
    }
  }

  @Override
  public int len() {
    return members.size();
  }

  @Override
  public Set<String> queues() {
    return new TreeSet<>(members.keySet());
  }

  @Override
  public void close(Duration drainTimeout) {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (pruner != null) {
        pruner.shutdownNow();
      }
    }
    List<Queue> queues = new ArrayList<>();
    members.values().forEach(member -> queues.add(member.queue));
    members.clear();
    if (queues.isEmpty()) {
      return;
    }
    int threads = Math.min(queues.size(), 2 * Runtime.getRuntime().availableProcessors());
    ExecutorService closer =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "amboy-group-" + name + "-closer");
              thread.setDaemon(true);
              return thread;
            });
    queues.forEach(queue -> closer.execute(() -> queue.close(drainTimeout)));
    closer.shutdown();
    try {
      if (!closer.awaitTermination(drainTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
        log.warn("queue group '{}': some queues were still closing after the drain", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "local-group[" + name + ", " + members.size() + " queues]";
  }

  /**
   * A queue of the group and when it was last asked for. Handing the queue out and retiring it for
   * pruning exclude each other: a {@link #get} either marks the queue used first, which keeps it
   * for the TTL (with a TTL of zero, through the next pass) so that the put that follows finds it
   * open, or finds it retired and makes a new one. Checking and closing without that left a window
   * in which a put landed in a queue being closed, and its job never ran.
   */
  private static final class Member {
    final Queue queue;
    private Instant lastUsed;
    private long uses;
    private boolean askedForSincePass = true;
    private boolean retired;

    Member(Queue queue, Instant now) {
      this.queue = queue;
      this.lastUsed = now;
    }

    /** Marks the queue used; false once pruning has retired it. */
    synchronized boolean use(Instant now) {
      if (retired) {
        return false;
      }
      lastUsed = now;
      uses++;
      askedForSincePass = true;
      return true;
    }

    /**
     * Retires the queue when it has nothing pending or running and has not been asked for within
     * the TTL; with a TTL of zero, when it has not been asked for since the previous pass, which
     * leaves whoever asked a whole pass to put their job. The queue's counts are read without
     * holding up {@link #use}, and a use meanwhile keeps the queue.
     */
    boolean retireIfIdle(Instant now, Duration ttl) {
      long usesSeen;
      synchronized (this) {
        boolean idle = ttl.isZero() ? !askedForSincePass : !lastUsed.plus(ttl).isAfter(now);
        askedForSincePass = false;
        if (!idle) {
          return false;
        }
        usesSeen = uses;
      }
      if (!queue.stats().isComplete()) {
        return false;
      }
      synchronized (this) {
        retired = uses == usesSeen;
        return retired;
      }
    }
  }
}
