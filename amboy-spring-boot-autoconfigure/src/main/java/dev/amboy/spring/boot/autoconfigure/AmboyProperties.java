package dev.amboy.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the amboy starter, under {@code amboy}. Each entry of {@code amboy.queues} becomes a
 * {@code Queue} bean named by its key, each entry of {@code amboy.groups} a {@code QueueGroup}
 * bean, each entry of {@code amboy.operations} a schedule that puts a registered job type into a
 * queue.
 *
 * <p>Defaults are the core library's defaults; every value is checked at start-up and a bad one
 * fails start-up with the full property key, the value and what is allowed.
 */
@ConfigurationProperties("amboy")
public class AmboyProperties {

  /** Whether to create amboy's beans at all. */
  private boolean enabled = true;

  /** Queues by name; each becomes a Queue bean with that name. */
  private Map<String, QueueProperties> queues = new LinkedHashMap<>();

  /** Queue groups by name; each becomes a QueueGroup bean with that name. */
  private Map<String, GroupProperties> groups = new LinkedHashMap<>();

  /** Scheduled operations by name; each puts a new job of a registered type on every run. */
  private Map<String, OperationProperties> operations = new LinkedHashMap<>();

  /** PostgreSQL queues and groups. */
  private final Postgres postgres = new Postgres();

  /** Graceful shutdown. */
  private final Shutdown shutdown = new Shutdown();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Map<String, QueueProperties> getQueues() {
    return queues;
  }

  public void setQueues(Map<String, QueueProperties> queues) {
    this.queues = queues;
  }

  public Map<String, GroupProperties> getGroups() {
    return groups;
  }

  public void setGroups(Map<String, GroupProperties> groups) {
    this.groups = groups;
  }

  public Map<String, OperationProperties> getOperations() {
    return operations;
  }

  public void setOperations(Map<String, OperationProperties> operations) {
    this.operations = operations;
  }

  public Postgres getPostgres() {
    return postgres;
  }

  public Shutdown getShutdown() {
    return shutdown;
  }

  /** One queue, or the template of every queue a group creates. */
  public static class QueueProperties {

    /**
     * Queue kind: limited-size (first in, first out), ordered (dependency order), adaptive
     * (dependencies asked again as jobs complete), priority (highest priority first), shuffled
     * (random order) or postgres (shared through PostgreSQL).
     */
    private String kind = "limited-size";

    /**
     * Most jobs that run at once. Defaults to the number of available processors (1 for the single
     * runner); must not be set for the none runner.
     */
    private Integer workers;

    /**
     * Most pending jobs the queue holds (a put beyond it waits for put-timeout) and the number of
     * completed jobs it keeps.
     */
    private int capacity = 10_000;

    /**
     * Runner kind: pool (a worker pool), single (one worker, jobs one at a time), abortable (a pool
     * whose running jobs can be aborted), rate-limited (each worker pauses rate-limit.interval
     * after every job), ewma (about rate-limit.target jobs per rate-limit.period, from a moving
     * average of run times) or none (this process only puts jobs).
     */
    private String runner = "pool";

    /** Pace of the rate-limited and ewma runners. */
    private final RateLimit rateLimit = new RateLimit();

    /** How long a running job's lock holds without a ping before another worker may take it. */
    private Duration lockTimeout = Duration.ofMinutes(10);

    /** How long a put waits for room in a full queue before it fails. */
    private Duration putTimeout = Duration.ofSeconds(5);

    /** How long a worker waits for work before its thread exits; a new one starts with new work. */
    private Duration idleTimeout = Duration.ofSeconds(60);

    /** How failed jobs without a retry policy of their own are tried again. */
    private final Retry retry = new Retry();

    /** Settings of the postgres kind. */
    private final PostgresQueueProperties postgres = new PostgresQueueProperties();

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public Integer getWorkers() {
      return workers;
    }

    public void setWorkers(Integer workers) {
      this.workers = workers;
    }

    public int getCapacity() {
      return capacity;
    }

    public void setCapacity(int capacity) {
      this.capacity = capacity;
    }

    public String getRunner() {
      return runner;
    }

    public void setRunner(String runner) {
      this.runner = runner;
    }

    public RateLimit getRateLimit() {
      return rateLimit;
    }

    public Duration getLockTimeout() {
      return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
      this.lockTimeout = lockTimeout;
    }

    public Duration getPutTimeout() {
      return putTimeout;
    }

    public void setPutTimeout(Duration putTimeout) {
      this.putTimeout = putTimeout;
    }

    public Duration getIdleTimeout() {
      return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    public Retry getRetry() {
      return retry;
    }

    public PostgresQueueProperties getPostgres() {
      return postgres;
    }
  }

  /** Settings of a queue of the postgres kind. */
  public static class PostgresQueueProperties {

    /**
     * Which pending job a worker claims: unordered (any ready job, fastest), ordered (a job whose
     * dependency edges have all completed) or priority (highest priority first).
     */
    private String dispatchMode = "unordered";

    /**
     * Most jobs one claim statement takes for this process's workers; each claim takes from one up
     * to this many, as many as the workers run within a round trip.
     */
    private int claimBatchSize = 128;

    /** Most completions written by one statement. */
    private int completionBatchSize = 128;

    /** Longest a finished job's completion waits to be written with others. */
    private Duration completionFlushInterval = Duration.ofMillis(10);

    /** How often idle workers look for work when no notification arrives. */
    private Duration pollInterval = Duration.ofSeconds(1);

    /** How long completed and dropped jobs are kept before they are deleted; 0s keeps them. */
    private Duration completedRetention = Duration.ofDays(7);

    public String getDispatchMode() {
      return dispatchMode;
    }

    public void setDispatchMode(String dispatchMode) {
      this.dispatchMode = dispatchMode;
    }

    public int getClaimBatchSize() {
      return claimBatchSize;
    }

    public void setClaimBatchSize(int claimBatchSize) {
      this.claimBatchSize = claimBatchSize;
    }

    public int getCompletionBatchSize() {
      return completionBatchSize;
    }

    public void setCompletionBatchSize(int completionBatchSize) {
      this.completionBatchSize = completionBatchSize;
    }

    public Duration getCompletionFlushInterval() {
      return completionFlushInterval;
    }

    public void setCompletionFlushInterval(Duration completionFlushInterval) {
      this.completionFlushInterval = completionFlushInterval;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public Duration getCompletedRetention() {
      return completedRetention;
    }

    public void setCompletedRetention(Duration completedRetention) {
      this.completedRetention = completedRetention;
    }
  }

  /** Pace of the rate-limited and ewma runners. */
  public static class RateLimit {

    /** Pause of each worker after every job; required by the rate-limited runner. */
    private Duration interval;

    /** Jobs per period the ewma runner aims at across its workers; required by it. */
    private Integer target;

    /** Period of the ewma runner's target; required by it. */
    private Duration period;

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Integer getTarget() {
      return target;
    }

    public void setTarget(Integer target) {
      this.target = target;
    }

    public Duration getPeriod() {
      return period;
    }

    public void setPeriod(Duration period) {
      this.period = period;
    }
  }

  /** How failed jobs are tried again. */
  public static class Retry {

    /** Most runs of a failed job, the first included; 1 never retries. */
    private int maxAttempts = 1;

    /** Backoff between attempts: fixed (the same delay each time) or exponential. */
    private String backoff = "fixed";

    /** Pause before each retry (fixed) or before the first retry (exponential). */
    private Duration delay = Duration.ZERO;

    /** Longest pause of the exponential backoff; required by it. */
    private Duration maxDelay;

    /** Growth of the exponential backoff's pause per retry, at least 1. */
    private double multiplier = 2.0;

    /** Fraction of the exponential backoff's pause taken off at random, between 0 and 1. */
    private double jitter = 0.0;

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public String getBackoff() {
      return backoff;
    }

    public void setBackoff(String backoff) {
      this.backoff = backoff;
    }

    public Duration getDelay() {
      return delay;
    }

    public void setDelay(Duration delay) {
      this.delay = delay;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      this.jitter = jitter;
    }
  }

  /** A group of queues created on demand by name and pruned when idle. */
  public static class GroupProperties {

    /** Group kind: local (in-memory queues) or postgres (queues shared through PostgreSQL). */
    private String kind = "local";

    /** How long a queue stays unused, with no pending or running work, before it is pruned. */
    private Duration ttl = Duration.ofMinutes(10);

    /** How often idle queues are pruned; 0s turns background pruning off. */
    private Duration pruneFrequency = Duration.ofMinutes(1);

    /**
     * Postgres groups: how often to look for queues with work put by other processes that this
     * process does not run yet; 0s leaves it to notifications.
     */
    private Duration backgroundStartFrequency = Duration.ofSeconds(30);

    /** Template of every queue the group creates. */
    private final QueueProperties queue = new QueueProperties();

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public Duration getPruneFrequency() {
      return pruneFrequency;
    }

    public void setPruneFrequency(Duration pruneFrequency) {
      this.pruneFrequency = pruneFrequency;
    }

    public Duration getBackgroundStartFrequency() {
      return backgroundStartFrequency;
    }

    public void setBackgroundStartFrequency(Duration backgroundStartFrequency) {
      this.backgroundStartFrequency = backgroundStartFrequency;
    }

    public QueueProperties getQueue() {
      return queue;
    }
  }

  /** A schedule that puts a new job of a registered type into a queue on every run. */
  public static class OperationProperties {

    /** Name of the queue the jobs go into. */
    private String queue;

    /** Registered job type to create on every run. */
    private String jobType;

    /** Version of the job type; the highest registered version when not set. */
    private Integer jobVersion;

    /** Field values of every job created, as its JSON payload. */
    private Map<String, Object> payload = new LinkedHashMap<>();

    /** Time from the end of one run to the start of the next; set this or cron. */
    private Duration interval;

    /** Cron expression with seconds, such as "0 30 2 * * *"; set this or interval. */
    private String cron;

    /** Time zone the cron expression is read in. */
    private String zone = "UTC";

    /** Delay before the first run of an interval schedule; it runs at once when not set. */
    private Duration initialDelay;

    /** Largest random delay added to each wait between runs. */
    private Duration jitter = Duration.ZERO;

    /** Pending-job count above which runs are skipped, when respect-threshold is on. */
    private int threshold = 0;

    /** Whether to skip a run while the queue has more pending jobs than the threshold. */
    private boolean respectThreshold = false;

    /** Whether to keep the schedule after a failed run; when off, the first failure ends it. */
    private boolean continueOnError = true;

    /** Whether to log each failed run as a warning; when off, failures are only counted. */
    private boolean logErrors = true;

    /** Whether to log every run and skip at INFO instead of DEBUG. */
    private boolean debugLogging = false;

    /** Whether putting a job whose id is already queued counts as a failure. */
    private boolean enableDuplicateJobReporting = false;

    public String getQueue() {
      return queue;
    }

    public void setQueue(String queue) {
      this.queue = queue;
    }

    public String getJobType() {
      return jobType;
    }

    public void setJobType(String jobType) {
      this.jobType = jobType;
    }

    public Integer getJobVersion() {
      return jobVersion;
    }

    public void setJobVersion(Integer jobVersion) {
      this.jobVersion = jobVersion;
    }

    public Map<String, Object> getPayload() {
      return payload;
    }

    public void setPayload(Map<String, Object> payload) {
      this.payload = payload;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public String getCron() {
      return cron;
    }

    public void setCron(String cron) {
      this.cron = cron;
    }

    public String getZone() {
      return zone;
    }

    public void setZone(String zone) {
      this.zone = zone;
    }

    public Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    public Duration getJitter() {
      return jitter;
    }

    public void setJitter(Duration jitter) {
      this.jitter = jitter;
    }

    public int getThreshold() {
      return threshold;
    }

    public void setThreshold(int threshold) {
      this.threshold = threshold;
    }

    public boolean isRespectThreshold() {
      return respectThreshold;
    }

    public void setRespectThreshold(boolean respectThreshold) {
      this.respectThreshold = respectThreshold;
    }

    public boolean isContinueOnError() {
      return continueOnError;
    }

    public void setContinueOnError(boolean continueOnError) {
      this.continueOnError = continueOnError;
    }

    public boolean isLogErrors() {
      return logErrors;
    }

    public void setLogErrors(boolean logErrors) {
      this.logErrors = logErrors;
    }

    public boolean isDebugLogging() {
      return debugLogging;
    }

    public void setDebugLogging(boolean debugLogging) {
      this.debugLogging = debugLogging;
    }

    public boolean isEnableDuplicateJobReporting() {
      return enableDuplicateJobReporting;
    }

    public void setEnableDuplicateJobReporting(boolean enableDuplicateJobReporting) {
      this.enableDuplicateJobReporting = enableDuplicateJobReporting;
    }
  }

  /** PostgreSQL queues and groups. */
  public static class Postgres {

    /** Schema that holds amboy's tables. */
    private String schema = "amboy";

    /**
     * When to create amboy's tables at start-up: embedded (only for an embedded database), always,
     * or never (a migration tool creates them).
     */
    private String initializeSchema = "embedded";

    public String getSchema() {
      return schema;
    }

    public void setSchema(String schema) {
      this.schema = schema;
    }

    public String getInitializeSchema() {
      return initializeSchema;
    }

    public void setInitializeSchema(String initializeSchema) {
      this.initializeSchema = initializeSchema;
    }
  }

  /** Graceful shutdown. */
  public static class Shutdown {

    /**
     * How long running jobs may finish at shutdown before their threads are interrupted and they
     * are released to run again.
     */
    private Duration timeout = Duration.ofSeconds(30);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
