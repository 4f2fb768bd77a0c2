package dev.amboy.postgres;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL queues created on demand and addressed by name, all stored in the same tables under
 * {@code <group>/<name>}. Every process that runs a group of the same name serves the same queues:
 * a queue that receives work from another process is started here too, at once through its
 * notification and at the latest by the periodic check for queues with pending work.
 */
public final class PostgresQueueGroup implements QueueGroup {

  private static final Logger log = LoggerFactory.getLogger(PostgresQueueGroup.class);

  private final PostgresQueueGroupOptions options;
  private final String name;
  private final String prefix;
  private final String prefixEnd;
  private final Clock clock;

  /** Finds the group's queues with pending or abandoned work; package-private for its plan test. */
  final String activeQueues;

  private final Map<String, Member> members = new ConcurrentHashMap<>();
  private final Object lifecycle = new Object();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private AutoCloseable subscription;
  private volatile boolean closed;

  public PostgresQueueGroup(PostgresQueueGroupOptions options) {
    this.options = options;
    this.name = options.name();
    this.prefix = name + "/";
    this.prefixEnd = name + "0";
    this.clock = options.clock();
    String jobs = options.template().schema() + ".jobs";
    this.activeQueues =
        "WITH RECURSIVE q(queue) AS (SELECT "
            + firstPendingQueue(jobs, "j.queue >= ?")
            + " UNION ALL SELECT "
            + firstPendingQueue(jobs, "j.queue > q.queue")
            + " FROM q WHERE q.queue IS NOT NULL)"
            + " SELECT queue FROM q WHERE queue IS NOT NULL"
            + " UNION SELECT DISTINCT j.queue FROM "
            + jobs
            + " j WHERE j.queue >= ? AND j.queue < ? AND j.in_progress"
            + " AND j.updated_at < now() - ? * interval '1 millisecond'";
  }

  /**
   * The first queue name from {@code lower} up to the group's end that has pending jobs, as an
   * expression: one step of a skip scan over both halves of the ready indexes (see {@code
   * QueueSql.defaultPriority}), two parameters for each half.
   */
  private static String firstPendingQueue(String jobs, String lower) {
    String step =
        "(SELECT j.queue FROM "
            + jobs
            + " j WHERE "
            + lower
            + " AND j.queue < ? AND %s AND "
            + QueueSql.pending("j")
            + " ORDER BY j.queue LIMIT 1)";
    return "LEAST("
        + step.formatted(QueueSql.defaultPriority("j"))
        + ", "
        + step.formatted(QueueSql.otherPriority("j"))
        + ")";
  }

  public String name() {
    return name;
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
      Queue created = options.queueFactory().create(queueName, queueOptions(queueName));
      Member fresh = new Member(created, clock.instant());
      if (members.putIfAbsent(queueName, fresh) != null) {
        continue;
      }
      try {
        created.start();
      } catch (RuntimeException e) {
        members.remove(queueName, fresh);
        created.close();
        throw e;
      }
      return created;
    }
  }

  private PostgresQueueOptions queueOptions(String queueName) {
    new OptionChecks("queue name in group '" + name + "'")
        .matches(
            "name",
            queueName,
            PostgresQueueGroupOptions.NAME_PATTERN,
            PostgresQueueGroupOptions.NAME_RULE)
        .throwIfAny();
    PostgresQueueOptions.Builder builder =
        options.template().toBuilder().name(options.queueKey(queueName));
    if (options.workers() != null) {
      builder.workers(options.workers().applyAsInt(queueName));
    }
    return builder.build();
  }

  @Override
  public void put(String queueName, Queue queue) {
    if (members.putIfAbsent(queueName, new Member(queue, clock.instant())) != null) {
      throw new IllegalArgumentException(
          "queue group '" + name + "' already has a queue named '" + queueName + "'");
    }
  }

  /**
   * Starts pruning, the periodic check for queues with pending work (run once at once), and
   * listening for work put into queues of this group by other processes.
   */
  @Override
  public void start() {
    synchronized (lifecycle) {
      if (!tasks.isEmpty() || subscription != null || closed) {
        return;
      }
      if (!options.pruneFrequency().isZero()) {
        tasks.add(PostgresTimer.every(this::pruneQuietly, options.pruneFrequency()));
      }
      if (!options.backgroundStartFrequency().isZero()) {
        tasks.add(
            PostgresTimer.every(this::startQueuesWithWork, options.backgroundStartFrequency()));
      }
      tasks.add(PostgresTimer.schedule(this::startQueuesWithWork, Duration.ZERO));
      subscription =
          NotificationHub.subscribe(
              options.template().dataSource(),
              "amboy_" + options.template().schema(),
              this::onNotification);
    }
  }

  private void onNotification(String payload) {
    if (payload == null || closed || !payload.startsWith(prefix)) {
      return;
    }
    String queueName = payload.substring(prefix.length());
    if (!members.containsKey(queueName)) {
      PostgresTimer.schedule(() -> startQuietly(queueName), Duration.ZERO);
    }
  }

  /** Starts every queue of this group that has pending (or abandoned) work and is not running. */
  void startQueuesWithWork() {
    if (closed) {
      return;
    }
    Set<String> active = new LinkedHashSet<>();
    try {
      Jdbc.withConnection(
          options.template().dataSource(),
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(activeQueues)) {
              int i = 1;
              statement.setString(i++, prefix);
              statement.setString(i++, prefixEnd);
              statement.setString(i++, prefix);
              statement.setString(i++, prefixEnd);
              statement.setString(i++, prefixEnd);
              statement.setString(i++, prefixEnd);
              statement.setString(i++, prefix);
              statement.setString(i++, prefixEnd);
              statement.setLong(i, options.template().lockTimeout().toMillis());
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  active.add(rs.getString(1).substring(prefix.length()));
                }
              }
            }
            return null;
          });
    } catch (SQLException | RuntimeException e) {
      log.warn("queue group '{}' could not look for queues with work: {}", name, e.getMessage());
      return;
    }
    for (String queueName : active) {
      if (!members.containsKey(queueName)) {
        startQuietly(queueName);
      }
    }
  }

  private void startQuietly(String queueName) {
    if (closed || members.containsKey(queueName)) {
      return;
    }
    try {
      get(queueName);
      log.debug("queue group '{}' started queue '{}' that has work", name, queueName);
    } catch (RuntimeException e) {
      log.warn("queue group '{}' could not start queue '{}': {}", name, queueName, e.getMessage());
    }
  }

  private void pruneQuietly() {
    try {
      prune();
    } catch (RuntimeException e) {
      log.warn("pruning queue group '{}' failed: {}", name, e.getMessage());
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
      }
    }
    return pruned;
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
      tasks.forEach(task -> task.cancel(false));
      if (subscription != null) {
        try {
          subscription.close();
        } catch (Exception e) {
          log.debug("queue group '{}': unsubscribing failed", name, e);
        }
      }
    }
    List<Queue> queues = new ArrayList<>();
    members.values().forEach(member -> queues.add(member.queue));
    members.clear();
    if (queues.isEmpty()) {
      return;
    }
    ExecutorService closer =
        Executors.newFixedThreadPool(
            Math.min(queues.size(), 8),
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
    return "postgres-group[" + name + ", " + members.size() + " queues]";
  }

  /**
   * A queue of the group and when it was last asked for. Handing the queue out and retiring it for
   * pruning exclude each other: a {@link #get} either marks the queue used first, which keeps it
   * for the TTL (with a TTL of zero, through the next pass) so that the put that follows finds it
   * open, or finds it retired and makes a new one. Checking and closing without that left a window
   * in which a put right after {@code get} landed in a queue being closed and failed. The same
   * protocol as the local group's member: this module uses only the core's public API.
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
