package dev.amboy.postgres;

import dev.amboy.AmboyException;
import dev.amboy.DeletableJobQueue;
import dev.amboy.DuplicateJobException;
import dev.amboy.Job;
import dev.amboy.JobInterceptor;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.LockNotHeldException;
import dev.amboy.QueueClosedException;
import dev.amboy.QueueInfo;
import dev.amboy.QueueListener;
import dev.amboy.QueueStats;
import dev.amboy.Runner;
import dev.amboy.dependency.DependencyManager;
import dev.amboy.dependency.DependencyState;
import dev.amboy.pool.Runners;
import dev.amboy.registry.DependencyInterchange;
import dev.amboy.registry.JobInterchange;
import dev.amboy.registry.JobSerializer;
import dev.amboy.retry.JobAttempt;
import dev.amboy.retry.Retries;
import dev.amboy.retry.RetryPolicy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A queue whose jobs live in PostgreSQL, shared by every process that opens a queue of the same
 * name on the same schema.
 *
 * <p>Workers claim several jobs per round trip ({@code SELECT ... FOR UPDATE SKIP LOCKED} inside an
 * {@code UPDATE}), so no two processes ever receive the same job, and keep them in a small local
 * buffer. Every claimed job's lock is refreshed (on the database clock) every quarter of the lock
 * timeout; a lock that is not refreshed goes stale, and any live queue releases the job so that it
 * runs again. Completions are written in batches, each guarded by owner and modification count so
 * that a worker that lost a lock cannot overwrite the new owner's state. Puts wake idle workers in
 * every process through LISTEN/NOTIFY; polling at the poll interval covers lost notifications.
 *
 * <p>Closing releases buffered and interrupted jobs at once, so a shutdown never leaves dead
 * executions behind.
 */
public final class PostgresQueue implements DeletableJobQueue {

  private static final Logger log = LoggerFactory.getLogger(PostgresQueue.class);
  private static final String KIND = "postgres";
  private static final int STREAM_FETCH_SIZE = 256;
  private static final int PRUNE_BATCH = 10_000;
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private final PostgresQueueOptions options;
  private final String name;
  private final String owner;
  private final DataSource dataSource;
  private final JobSerializer serializer;
  private final JobRows jobRows;
  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final QueueSql sql;
  private final FirstStatistics firstStatistics;
  private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
  private final List<JobInterceptor> interceptors = new CopyOnWriteArrayList<>();

  /** Guards the claim buffer and the claiming state; workers wait on {@link #changed}. */
  private final ReentrantLock dispatch = new ReentrantLock();

  private final Condition changed = dispatch.newCondition();
  private final ArrayDeque<Claim> buffer = new ArrayDeque<>();

  /** Claim rounds in flight; see {@link #claimRoundsAllowed()}. */
  private int claiming;

  /** Smoothed duration of a claim round trip; see {@link #claimLimit()}. */
  private long roundNanos;

  /**
   * Smoothed time a worker spends on one job, from hand-out to its completion being buffered; 0
   * until a job finished. Written under the {@code completions} monitor.
   */
  private volatile long jobNanos;

  private boolean workHint = true;

  private long nextClaimAt = System.nanoTime();
  private long errorBackoffNanos;
  private int waiting;

  /**
   * Keeps pings apart from claims and completions: a ping changes the modification counts that a
   * completion in flight relies on, so it runs alone. Claims and completions touch disjoint rows (a
   * claim takes only rows nobody holds, a completion only rows this instance holds), so any number
   * of them run at once.
   */
  private final ReentrantReadWriteLock claimsAndPings = new ReentrantReadWriteLock();

  private final Lock claimOrCompletion = claimsAndPings.readLock();
  private final Lock ping = claimsAndPings.writeLock();

  /** Guards {@link #parked}, {@link #heldScopes} and {@link Claim#holdsScopes}; no I/O inside. */
  private final Object scopeState = new Object();

  private final Map<String, Claim> owned = new ConcurrentHashMap<>();

  /**
   * Running jobs whose lock this instance lost, by identity, so that their completion is dropped
   * even when the same id was claimed again since.
   */
  private final Map<Job, Thread> lostJobs = Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * Claimed jobs that wait for a scope another job of this instance holds; they run once it is
   * free, without going back to the table. Guarded by {@link #scopeState}.
   */
  private final List<Claim> parked = new ArrayList<>();

  /** Scopes held by jobs of this instance, until their completion is stored. */
  private final Set<String> heldScopes = new HashSet<>();

  private final ArrayList<Completion> completions = new ArrayList<>();
  private ScheduledFuture<?> flushTimer;

  private final Object lifecycle = new Object();
  private volatile Runner runner;
  private volatile boolean started;
  private volatile boolean closed;
  private ScheduledFuture<?> lockTask;
  private ScheduledFuture<?> pollTask;
  private AutoCloseable subscription;
  private volatile long lastPrune = System.nanoTime();
  private final Set<String> reportedMissingEdges = ConcurrentHashMap.newKeySet();

  /** Creates the queue; it claims nothing until {@link #start()}. Puts work at once. */
  public PostgresQueue(PostgresQueueOptions options) {
    this.options = options;
    this.name = options.name();
    this.owner = name + "@" + InstanceIds.next();
    this.dataSource = options.dataSource();
    this.serializer = options.registry().serializer();
    this.jobRows = new JobRows(serializer.mapper());
    this.clock = options.clock();
    this.retryPolicy = options.retryPolicy();
    this.sql = new QueueSql(options.schema(), options.dispatchMode());
    this.firstStatistics = new FirstStatistics(dataSource, options.schema());
    Runner defaultRunner = Runners.pool(options.workers());
    defaultRunner.setQueue(this);
    this.runner = defaultRunner;
  }

  @Override
  public String id() {
    return name;
  }

  /** The lock owner this instance writes into the rows it claims; unique per instance. */
  public String owner() {
    return owner;
  }

  /** The options the queue was built with. */
  public PostgresQueueOptions options() {
    return options;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Runs work that callers start (puts, reads, edits). With {@link
   * PostgresQueueOptions#joinCallerTransactions()} it uses the connection the data source hands out
   * as it is, so that it joins the caller's transaction and never commits it; otherwise it commits
   * its own work.
   */
  private <T> T callerWork(Jdbc.Work<T> work) throws SQLException {
    return options.joinCallerTransactions()
        ? Jdbc.inCallerContext(dataSource, work)
        : Jdbc.withConnection(dataSource, work);
  }

  // ---------------------------------------------------------------------------------------------
  // put

  @Override
  public void put(Job job) {
    ensureOpen();
    StoredForm form = prepare(job);
    int inserted;
    try {
      Jdbc.Work<Integer> work =
          connection -> {
            try (PreparedStatement statement =
                connection.prepareStatement(form.plain ? sql.insertPlain : sql.insert)) {
              if (form.plain) {
                bindPlainInsert(statement, form);
              } else {
                bindInsert(statement, connection, form);
              }
              return statement.executeUpdate();
            }
          };
      inserted = callerWork(work);
    } catch (SQLException e) {
      throw failure("put job '" + form.id + "'", e);
    }
    if (inserted == 0) {
      throw new DuplicateJobException(name, form.id);
    }
    afterPut(List.of(job));
  }

  /**
   * Adds several jobs with one statement: all of them, or none when any id is already in the queue
   * (or appears twice in {@code jobs}).
   *
   * <p>With {@link PostgresQueueOptions#joinCallerTransactions()} the statement runs in the
   * caller's transaction, and a duplicate makes PostgreSQL fail that transaction as any failed
   * statement does; {@link #putAllSkippingExisting(Collection)} never fails on duplicates.
   *
   * @throws DuplicateJobException naming the first duplicate id; nothing was added
   */
  @Override
  public void putAll(Collection<? extends Job> jobs) {
    List<StoredForm> forms = prepareAll(jobs);
    if (forms.isEmpty()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (StoredForm form : forms) {
      if (!seen.add(form.id)) {
        throw new DuplicateJobException(
            name,
            form.id,
            "job '" + form.id + "' appears twice in the batch for queue '" + name + "'");
      }
    }
    try {
      insertEvery(forms);
    } catch (SQLException e) {
      if (Jdbc.hasState(e, Jdbc.UNIQUE_VIOLATION)) {
        String duplicate = duplicateId(e);
        throw new DuplicateJobException(
            name,
            duplicate,
            "job '"
                + duplicate
                + "' already exists in queue '"
                + name
                + "'; none of the "
                + forms.size()
                + " jobs was added");
      }
      throw failure("put " + forms.size() + " jobs", e);
    }
    afterPut(jobs);
  }

  /**
   * Adds several jobs with one statement, skipping those whose id the queue already holds ({@code
   * INSERT ... ON CONFLICT DO NOTHING}).
   *
   * @return the ids that were skipped, in the order given; empty when every job was added
   */
  public List<String> putAllSkippingExisting(Collection<? extends Job> jobs) {
    List<StoredForm> forms = prepareAll(jobs);
    if (forms.isEmpty()) {
      return List.of();
    }
    Set<String> insertedIds;
    try {
      insertedIds = insertNew(forms);
    } catch (SQLException e) {
      throw failure("put " + forms.size() + " jobs", e);
    }
    List<String> skipped = new ArrayList<>();
    List<Job> added = new ArrayList<>(insertedIds.size());
    int index = 0;
    for (Job job : jobs) {
      String id = forms.get(index++).id;
      if (insertedIds.remove(id)) {
        added.add(job);
      } else {
        skipped.add(id);
      }
    }
    afterPut(added);
    return skipped;
  }

  private List<StoredForm> prepareAll(Collection<? extends Job> jobs) {
    ensureOpen();
    List<StoredForm> forms = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      forms.add(prepare(job));
    }
    return forms;
  }

  /**
   * Inserts every job or, on a duplicate id, none. The statement answers with the number of rows
   * rather than their ids: all of them are in, and sending a thousand ids back cost both sides.
   */
  private void insertEvery(List<StoredForm> forms) throws SQLException {
    callerWork(
        connection -> {
          boolean plain = allPlain(forms);
          try (PreparedStatement statement =
              connection.prepareStatement(plain ? sql.insertPlainStrict : sql.insertStrict)) {
            bindBatch(statement, connection, forms, plain);
            return statement.execute();
          }
        });
  }

  /** Inserts the jobs whose ids are new; returns those ids. */
  private Set<String> insertNew(List<StoredForm> forms) throws SQLException {
    Jdbc.Work<Set<String>> work =
        connection -> {
          boolean plain = allPlain(forms);
          try (PreparedStatement statement =
              connection.prepareStatement(plain ? sql.insertPlainSkipping : sql.insertSkipping)) {
            bindBatch(statement, connection, forms, plain);
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
            return ids;
          }
        };
    return callerWork(work);
  }

  private String duplicateId(SQLException e) {
    if (e instanceof PSQLException psql) {
      ServerErrorMessage message = psql.getServerErrorMessage();
      String detail = message == null ? null : message.getDetail();
      String prefix = "Key (queue, id)=(" + name + ", ";
      String suffix = ") already exists.";
      if (detail != null && detail.startsWith(prefix) && detail.endsWith(suffix)) {
        return detail.substring(prefix.length(), detail.length() - suffix.length());
      }
    }
    return "?";
  }

  private void afterPut(Collection<? extends Job> jobs) {
    firstStatistics.put(jobs.size());
    for (Job job : jobs) {
      for (QueueListener listener : listeners) {
        listener.onJobPut(this, job);
      }
    }
    if (!options.joinCallerTransactions() && !jobs.isEmpty()) {
      wake();
    }
  }

  /**
   * The columns of a job about to be inserted.
   *
   * @param plain whether every column but id, type, version, priority, body and the created time
   *     holds the table's default ({@link QueueSql#insertPlainStrict})
   */
  private record StoredForm(
      String id, JobInterchange form, String body, String errors, boolean plain) {}

  private static boolean allPlain(List<StoredForm> forms) {
    for (StoredForm form : forms) {
      if (!form.plain) {
        return false;
      }
    }
    return true;
  }

  private static boolean plain(JobInterchange form) {
    JobTimeInfo times = form.timeInfo();
    JobStatus status = form.status();
    DependencyInterchange dependency = form.dependency();
    return !status.completed()
        && status.errors().isEmpty()
        && times.waitUntil() == null
        && times.dispatchBy() == null
        && times.maxTime() == null
        && form.scopes().isEmpty()
        && (dependency == null
            || (dependency.type().equals("always")
                && dependency.version() == 0
                && dependency.edges().isEmpty()))
        && (form.retry() == null || form.retry().attempt() == 1)
        && maxAttempts(form) == null;
  }

  private StoredForm prepare(Job job) {
    String jobId = job.id();
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("job id must not be blank");
    }
    JobTimeInfo times = job.timeInfo();
    if (times.created() == null) {
      job.updateTimeInfo(JobTimeInfo.empty().withCreated(now()));
      times = job.timeInfo();
    }
    times.validate();
    JobTimeInfo stored = atStoredPrecision(times);
    if (!stored.equals(times)) {
      job.setTimeInfo(stored);
    }
    JobStatus status = job.status();
    if (status.inProgress() || !status.owner().isEmpty() || status.canceled()) {
      job.setStatus(status.withInProgress(false).withOwner("").withCanceled(false));
    }
    JobInterchange form = serializer.toInterchange(job);
    return new StoredForm(
        jobId, form, jobRows.body(form), json(form.status().errors()), plain(form));
  }

  /**
   * The times as the row keeps them: instants in microseconds, the max time in whole milliseconds
   * (a positive one rounded up, so it stays a limit). A job is changed to these values when it is
   * stored, so that it reads back as it was put.
   */
  private static JobTimeInfo atStoredPrecision(JobTimeInfo times) {
    Duration maxTime = times.maxTime();
    if (maxTime != null && maxTime.toNanosPart() % 1_000_000 != 0) {
      maxTime = Duration.ofMillis(maxTime.toMillis() + 1);
    }
    return new JobTimeInfo(
        micros(times.created()),
        micros(times.start()),
        micros(times.end()),
        micros(times.waitUntil()),
        micros(times.dispatchBy()),
        maxTime);
  }

  private static Instant micros(Instant value) {
    return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Binds the first six parameters both single inserts share: queue, id, type, version, priority
   * and body.
   *
   * @return the index of the next parameter
   */
  private int bindRowStart(PreparedStatement statement, StoredForm stored) throws SQLException {
    JobInterchange form = stored.form;
    statement.setString(1, name);
    statement.setString(2, stored.id);
    statement.setString(3, form.type());
    statement.setInt(4, form.version());
    statement.setInt(5, form.priority());
    statement.setString(6, stored.body);
    return 7;
  }

  private void bindPlainInsert(PreparedStatement statement, StoredForm stored) throws SQLException {
    JobInterchange form = stored.form;
    int i = bindRowStart(statement, stored);
    Jdbc.setInstant(statement, i++, form.timeInfo().created());
    Jdbc.setInstant(statement, i++, form.timeInfo().created());
    statement.setString(i++, sql.channel);
    statement.setString(i, name);
  }

  private void bindInsert(PreparedStatement statement, Connection connection, StoredForm stored)
      throws SQLException {
    JobInterchange form = stored.form;
    JobTimeInfo times = form.timeInfo();
    JobStatus status = form.status();
    int i = bindRowStart(statement, stored);
    statement.setBoolean(i++, status.completed());
    statement.setString(i++, stored.errors);
    statement.setInt(i++, status.errorCount());
    Jdbc.setInstant(statement, i++, times.created());
    Jdbc.setInstant(statement, i++, status.completed() ? times.start() : null);
    Jdbc.setInstant(statement, i++, status.completed() ? times.end() : null);
    Jdbc.setInstant(statement, i++, times.waitUntil());
    Jdbc.setInstant(statement, i++, times.dispatchBy());
    statement.setObject(i++, times.maxTime() == null ? null : times.maxTime().toMillis());
    Jdbc.setInstant(statement, i++, times.waitUntil());
    Jdbc.setInstant(statement, i++, times.created());
    statement.setString(i++, form.dependency() == null ? "always" : form.dependency().type());
    statement.setInt(i++, form.dependency() == null ? 0 : form.dependency().version());
    statement.setArray(
        i++,
        Jdbc.textArray(
            connection, form.dependency() == null ? List.of() : form.dependency().edges()));
    statement.setArray(i++, Jdbc.textArray(connection, new ArrayList<>(form.scopes())));
    statement.setInt(i++, form.retry() == null ? 1 : form.retry().attempt());
    statement.setObject(i++, maxAttempts(form));
    statement.setString(i++, sql.channel);
    statement.setString(i, name);
  }

  private static Integer maxAttempts(JobInterchange form) {
    return form.retry() == null || form.retry().policy() == null
        ? null
        : form.retry().policy().maxAttempts();
  }

  /**
   * Binds a batch of jobs as parallel arrays: the queue name and the arrays every batch sends
   * ({@link QueueSql#insertPlainStrict}), then, unless every job is plain, the rest.
   */
  private void bindBatch(
      PreparedStatement statement, Connection connection, List<StoredForm> forms, boolean plain)
      throws SQLException {
    int size = forms.size();
    List<String> ids = new ArrayList<>(size);
    List<String> types = new ArrayList<>(size);
    List<Integer> versions = new ArrayList<>(size);
    List<Integer> priorities = new ArrayList<>(size);
    List<String> bodies = new ArrayList<>(size);
    List<Instant> created = new ArrayList<>(size);
    for (StoredForm stored : forms) {
      JobInterchange form = stored.form;
      ids.add(stored.id);
      types.add(form.type());
      versions.add(form.version());
      priorities.add(form.priority());
      bodies.add(stored.body);
      created.add(form.timeInfo().created());
    }
    int i = 1;
    statement.setString(i++, name);
    statement.setArray(i++, Jdbc.textArray(connection, ids));
    statement.setArray(i++, Jdbc.textArray(connection, types));
    statement.setArray(i++, Jdbc.intArray(connection, versions));
    statement.setArray(i++, Jdbc.intArray(connection, priorities));
    statement.setArray(i++, Jdbc.textArray(connection, bodies));
    statement.setArray(i++, Jdbc.instantArray(connection, created));
    if (!plain) {
      i = bindBatchRest(statement, connection, forms, i);
    }
    statement.setString(i++, sql.channel);
    statement.setString(i, name);
  }

  /** Binds the arrays a batch holding a job that is not plain sends after the plain ones. */
  private int bindBatchRest(
      PreparedStatement statement, Connection connection, List<StoredForm> forms, int first)
      throws SQLException {
    int size = forms.size();
    List<Boolean> completed = new ArrayList<>(size);
    List<String> errors = new ArrayList<>(size);
    List<Integer> errorCounts = new ArrayList<>(size);
    List<Instant> starts = new ArrayList<>(size);
    List<Instant> ends = new ArrayList<>(size);
    List<Instant> waitUntil = new ArrayList<>(size);
    List<Instant> dispatchBy = new ArrayList<>(size);
    List<Long> maxTimes = new ArrayList<>(size);
    List<String> depTypes = new ArrayList<>(size);
    List<Integer> depVersions = new ArrayList<>(size);
    List<String> edges = new ArrayList<>(size);
    List<String> scopes = new ArrayList<>(size);
    List<Integer> attempts = new ArrayList<>(size);
    List<Integer> maxAttempts = new ArrayList<>(size);
    for (StoredForm stored : forms) {
      JobInterchange form = stored.form;
      JobTimeInfo times = form.timeInfo();
      JobStatus status = form.status();
      completed.add(status.completed());
      errors.add(stored.errors);
      errorCounts.add(status.errorCount());
      starts.add(status.completed() ? times.start() : null);
      ends.add(status.completed() ? times.end() : null);
      waitUntil.add(times.waitUntil());
      dispatchBy.add(times.dispatchBy());
      maxTimes.add(times.maxTime() == null ? null : times.maxTime().toMillis());
      depTypes.add(form.dependency() == null ? "always" : form.dependency().type());
      depVersions.add(form.dependency() == null ? 0 : form.dependency().version());
      edges.add(json(form.dependency() == null ? List.of() : form.dependency().edges()));
      scopes.add(json(new ArrayList<>(form.scopes())));
      attempts.add(form.retry() == null ? 1 : form.retry().attempt());
      maxAttempts.add(maxAttempts(form));
    }
    int i = first;
    statement.setArray(i++, Jdbc.booleanArray(connection, completed));
    statement.setArray(i++, Jdbc.textArray(connection, errors));
    statement.setArray(i++, Jdbc.intArray(connection, errorCounts));
    statement.setArray(i++, Jdbc.instantArray(connection, starts));
    statement.setArray(i++, Jdbc.instantArray(connection, ends));
    statement.setArray(i++, Jdbc.instantArray(connection, waitUntil));
    statement.setArray(i++, Jdbc.instantArray(connection, dispatchBy));
    statement.setArray(i++, Jdbc.bigintArray(connection, maxTimes));
    statement.setArray(i++, Jdbc.textArray(connection, depTypes));
    statement.setArray(i++, Jdbc.intArray(connection, depVersions));
    statement.setArray(i++, Jdbc.textArray(connection, edges));
    statement.setArray(i++, Jdbc.textArray(connection, scopes));
    statement.setArray(i++, Jdbc.intArray(connection, attempts));
    statement.setArray(i++, Jdbc.intArray(connection, maxAttempts));
    return i;
  }

  private String json(List<String> values) {
    return values.isEmpty() ? "[]" : serializer.mapper().writeValueAsString(values);
  }

  private void ensureOpen() {
    if (closed) {
      throw new QueueClosedException(name);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // dispatch

  @Override
  public Optional<Job> next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    Claim handed = null;
    boolean moreBuffered = false;
    boolean recruit = false;
    ClaimOutcome outcome = new ClaimOutcome();
    dispatch.lockInterruptibly();
    try {
      while (!closed) {
        Claim claim = buffer.pollFirst();
        if (claim != null) {
          if (!claim.takeFor(Thread.currentThread())) {
            continue;
          }
          handed = claim;
          if (shouldClaimAhead()) {
            claimWithLockHeld(outcome);
          }
          moreBuffered = !buffer.isEmpty();
          break;
        }
        long now = System.nanoTime();
        if (claiming < claimRoundsAllowed() && (workHint || now - nextClaimAt >= 0)) {
          claimWithLockHeld(outcome);
          if (outcome.spawn > 0) {
            break;
          }
          continue;
        }
        long remaining = deadline - now;
        if (remaining <= 0) {
          break;
        }
        long wait =
            claiming >= claimRoundsAllowed() ? remaining : Math.min(remaining, nextClaimAt - now);
        if (wait > 0) {
          waiting++;
          try {
            changed.awaitNanos(wait);
          } finally {
            waiting--;
          }
        }
      }
      while (handed == null && outcome.spawn > 0 && !closed && !buffer.isEmpty()) {
        Claim claim = buffer.pollFirst();
        if (claim.takeFor(Thread.currentThread())) {
          handed = claim;
        }
        moreBuffered = !buffer.isEmpty();
      }
      // a waiting worker was woken by the round itself; otherwise bring in one that is not running
      recruit = outcome.moreLikely && waiting == 0 && claiming < claimRoundsAllowed() && !closed;
    } finally {
      dispatch.unlock();
    }
    if (handed != null && closed) {
      outcome.toRelease.add(handed);
      handed = null;
    }
    if (!outcome.toRelease.isEmpty()) {
      releaseUnstarted(outcome.toRelease);
    }
    int extraWorkers =
        Math.min(Math.max(outcome.spawn - 1, moreBuffered || recruit ? 1 : 0), runner.workers());
    for (int i = 0; i < extraWorkers; i++) {
      runner.workAvailable();
    }
    if (handed == null) {
      return Optional.empty();
    }
    Job job = handOut(handed);
    for (QueueListener listener : listeners) {
      listener.onJobStarted(this, job);
    }
    return Optional.of(job);
  }

  /** What the claim rounds of one {@link #next} call brought. */
  private static final class ClaimOutcome {
    final List<Claim> toRelease = new ArrayList<>();
    int spawn;

    /**
     * The last round filled its batch: more jobs are probably waiting, and a worker that is not
     * running yet should come and claim them. Without it, with one job per claim, each worker's
     * round brought exactly the job it took and woke nobody, so a backlog ran on the one worker
     * that {@link #start} woke, plus one more per poll or notification.
     */
    boolean moreLikely;
  }

  /**
   * Whether the worker that just took a buffered job should claim the next batch before running it:
   * the last round found more work than one batch and the buffer is running low, so that the other
   * workers find jobs waiting instead of all waiting for the round trip. The one job waits for the
   * round trip; the database works while the other workers run theirs.
   */
  private boolean shouldClaimAhead() {
    if (!workHint || closed || claiming >= claimRoundsAllowed()) {
      return false;
    }
    int limit = claimLimit();
    return limit > 1 && buffer.size() < (limit + 1) / 2;
  }

  /**
   * How many claim rounds may be in flight at once: two when a round claims enough jobs for all
   * workers, so that the database works on the next batch while the previous one's round trip
   * finishes (measured: 100,000-job burn-down 6,100–6,900 jobs/s with one, 9,200–9,500 with two,
   * 9,900 with three, which holds more jobs away from other instances); one per worker's share of a
   * batch when the configured batch is smaller than the worker count, so that with a batch size of
   * one every worker claims its own job instead of waiting in line. It follows the configured
   * batch, not {@link #claimLimit()}: a limit that shrank for long jobs would otherwise let every
   * idle worker poll at once, and two rounds in flight already deliver what such workers run.
   */
  private int claimRoundsAllowed() {
    int workers = runner.workers();
    return Math.max(Math.min(2, workers), workers / options.claimBatchSize());
  }

  /**
   * How many jobs the next claim takes: about as many as the workers finish in two round trips,
   * between one and {@code claimBatchSize}; one per worker until a job finished. Short jobs are
   * claimed in full batches, which spares the database statements and commits (a 200,000-job
   * burn-down of no-op jobs ran 30–40% faster with batches of 128 than of 32); long jobs are
   * claimed about as fast as workers free up, instead of a batch of them waiting in this instance's
   * buffer while other instances have idle workers.
   */
  private int claimLimit() {
    int workers = runner.workers();
    int most = options.claimBatchSize();
    long perJob = jobNanos;
    if (perJob == 0 || roundNanos == 0) {
      return Math.min(most, workers);
    }
    double jobs = 2.0 * workers * roundNanos / perJob;
    return jobs >= most ? most : Math.max(1, (int) Math.ceil(jobs));
  }

  /**
   * Runs one claim round with the dispatch lock released around the database work, and buffers what
   * it brought. Call with the dispatch lock held; returns with it held.
   */
  private void claimWithLockHeld(ClaimOutcome outcome) {
    claiming++;
    workHint = false;
    int limit = claimLimit();
    long before = System.nanoTime();
    Round round;
    dispatch.unlock();
    try {
      round = claimRound(limit);
    } finally {
      dispatch.lock();
      claiming--;
    }
    long after = System.nanoTime();
    roundNanos = roundNanos == 0 ? after - before : roundNanos + (after - before - roundNanos) / 4;
    if (round.failed) {
      errorBackoffNanos =
          Math.min(
              Math.max(TimeUnit.MILLISECONDS.toNanos(50), errorBackoffNanos * 2),
              options.pollInterval().toNanos());
      nextClaimAt = after + errorBackoffNanos;
    } else {
      errorBackoffNanos = 0;
      if (closed) {
        outcome.toRelease.addAll(round.ready);
      } else {
        buffer.addAll(round.ready);
        outcome.spawn += round.ready.size();
      }
      if (round.claimedRows >= limit || round.progressed) {
        // More work is likely: the next worker claims at once, and further ones may join it.
        workHint = true;
        outcome.moreLikely = true;
        nextClaimAt = after;
      } else if (round.claimedRows == 0) {
        long poll = options.pollInterval().toNanos();
        long due = round.nextDueNanos < 0 ? poll : Math.min(poll, round.nextDueNanos);
        nextClaimAt = after + Math.max(TimeUnit.MILLISECONDS.toNanos(1), due);
      } else {
        nextClaimAt = after + options.pollInterval().toNanos();
      }
    }
    changed.signalAll();
  }

  private Job handOut(Claim claim) {
    Job job = claim.job;
    job.updateTimeInfo(JobTimeInfo.empty().withStart(now()));
    return job;
  }

  /** What one claim round trip brought. */
  private static final class Round {
    final List<Claim> ready = new ArrayList<>();
    int claimedRows;
    boolean progressed;
    boolean failed;
    long nextDueNanos = -1;
  }

  /**
   * Writes the buffered completions and claims new jobs in one transaction, then resolves the
   * claimed rows, takes their scopes and sorts out the ones that cannot run (unreadable rows,
   * passed or unresolvable dependencies, scope conflicts).
   */
  private Round claimRound(int limit) {
    Round round = new Round();
    List<Finished> finished = new ArrayList<>();
    List<Job> droppedJobs = new ArrayList<>();
    claimOrCompletion.lock();
    try {
      List<Completion> batch = drainCompletions();
      List<ClaimedRow> rows;
      try {
        rows = claimAndFlush(batch, limit, finished, droppedJobs);
      } catch (SQLException | RuntimeException e) {
        requeue(batch);
        log.warn("queue '{}' could not claim jobs: {}", name, e.getMessage());
        round.failed = true;
        return round;
      }
      round.claimedRows = rows.size();
      round.progressed = !droppedJobs.isEmpty();
      boolean nothingParked;
      synchronized (scopeState) {
        nothingParked = parked.isEmpty();
      }
      if (rows.isEmpty() && nothingParked) {
        round.nextDueNanos = nextDueNanos();
        return round;
      }
      settleClaims(rows, round);
    } finally {
      claimOrCompletion.unlock();
      fire(finished);
      for (Job job : droppedJobs) {
        for (QueueListener listener : listeners) {
          listener.onJobDropped(this, job);
        }
      }
    }
    return round;
  }

  /**
   * A claimed row: the job's stored form, or why it cannot be read (the row is then completed as
   * unreadable rather than failing the claim).
   */
  private record ClaimedRow(
      String id,
      JobInterchange form,
      RuntimeException unreadable,
      long modCount,
      Instant lockedAt,
      int priority,
      Instant readyAt) {}

  private List<ClaimedRow> claimAndFlush(
      List<Completion> batch, int limit, List<Finished> finished, List<Job> droppedJobs)
      throws SQLException {
    Jdbc.Work<List<ClaimedRow>> work =
        connection -> {
          if (!batch.isEmpty()) {
            finished.addAll(writeCompletions(connection, batch));
          }
          return claim(connection, limit, droppedJobs);
        };
    return batch.isEmpty()
        ? Jdbc.withConnection(dataSource, work)
        : Jdbc.inTransaction(dataSource, work);
  }

  private List<ClaimedRow> claim(Connection connection, int limit, List<Job> droppedJobs)
      throws SQLException {
    List<ClaimedRow> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.plannedClaim)) {
      int i = 1;
      statement.setString(i++, name);
      statement.setString(i++, name);
      statement.setString(i++, name);
      statement.setInt(i++, limit);
      statement.setString(i++, name);
      statement.setInt(i++, limit);
      statement.setInt(i++, limit);
      statement.setString(i++, owner);
      Jdbc.setInstant(statement, i++, now());
      statement.setString(i, name);
      statement.execute();
      boolean hasRows = statement.getMoreResults();
      while (!hasRows && statement.getUpdateCount() != -1) {
        hasRows = statement.getMoreResults();
      }
      if (!hasRows) {
        throw new SQLException("the claim of queue '" + name + "' returned no result");
      }
      try (ResultSet rs = statement.getResultSet()) {
        while (rs.next()) {
          if (rs.getBoolean("dropped")) {
            Job dropped = tryResolve(rs);
            if (dropped != null) {
              droppedJobs.add(dropped);
            }
            continue;
          }
          long modCount = rs.getLong("mod_count");
          Instant lockedAt = Jdbc.getInstant(rs, "updated_at");
          JobInterchange form = null;
          RuntimeException unreadable = null;
          try {
            JobStatus claimed =
                new JobStatus(
                    owner, false, true, false, lockedAt, modCount, JobRows.textList(rs, "errors"));
            form = jobRows.read(rs, claimed, false);
          } catch (RuntimeException e) {
            unreadable = e;
          }
          rows.add(
              new ClaimedRow(
                  rs.getString("id"),
                  form,
                  unreadable,
                  modCount,
                  lockedAt,
                  rs.getInt("priority"),
                  Jdbc.getInstant(rs, "ready_at")));
        }
      }
    }
    Comparator<ClaimedRow> order = Comparator.comparing(ClaimedRow::readyAt);
    if (options.dispatchMode() == DispatchMode.PRIORITY) {
      order = Comparator.comparingInt(ClaimedRow::priority).reversed().thenComparing(order);
    }
    rows.sort(order);
    return rows;
  }

  private Job tryResolve(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    try {
      JobStatus status =
          new JobStatus(
              "",
              false,
              false,
              false,
              Jdbc.getInstant(rs, "updated_at"),
              rs.getLong("mod_count"),
              JobRows.textList(rs, "errors"));
      return serializer.resolve(jobRows.read(rs, status, false));
    } catch (RuntimeException e) {
      log.debug("queue '{}': dropped job '{}' cannot be read: {}", name, id, e.getMessage());
      return null;
    }
  }

  private long nextDueNanos() {
    try {
      return Jdbc.withConnection(
          dataSource,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.nextDue)) {
              statement.setString(1, name);
              statement.setString(2, name);
              try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                  double millis = rs.getDouble(1);
                  if (!rs.wasNull()) {
                    return TimeUnit.MICROSECONDS.toNanos((long) Math.ceil(millis * 1000));
                  }
                }
                return -1L;
              }
            }
          });
    } catch (SQLException e) {
      return -1;
    }
  }

  /**
   * Turns claimed rows into runnable claims. Unreadable rows and jobs whose dependency says they
   * cannot run are completed at once; a job whose scopes another job of this instance holds is
   * parked until they are free; a job whose scopes are held elsewhere is released.
   */
  private void settleClaims(List<ClaimedRow> rows, Round round) {
    List<Completion> settled = new ArrayList<>();
    List<Claim> candidates;
    synchronized (scopeState) {
      candidates = new ArrayList<>(parked);
      parked.clear();
    }
    for (ClaimedRow row : rows) {
      Claim claim = new Claim(row.id, row.modCount, row.lockedAt);
      Claim previous = owned.put(row.id, claim);
      if (previous != null) {
        loseClaim(previous, "it was claimed again after its lock went stale");
      }
      JobInterchange form;
      Job job;
      try {
        if (row.unreadable != null) {
          throw row.unreadable;
        }
        form = row.form;
        job = serializer.resolve(form);
      } catch (RuntimeException e) {
        settled.add(failUnreadable(claim, e));
        continue;
      }
      claim.job = job;
      claim.form = form;
      if (options.dispatchMode() == DispatchMode.ORDERED) {
        Completion unrunnable = checkDependency(claim, job);
        if (unrunnable != null) {
          settled.add(unrunnable);
          continue;
        }
      }
      candidates.add(claim);
    }
    for (Claim claim : candidates) {
      Set<String> scopes = claim.job.scopes();
      if (scopes.isEmpty()) {
        round.ready.add(claim);
        continue;
      }
      synchronized (scopeState) {
        if (intersects(scopes, heldScopes)) {
          parked.add(claim);
          continue;
        }
        heldScopes.addAll(scopes);
        claim.holdsScopes = true;
      }
      if (acquireScopes(claim)) {
        round.ready.add(claim);
      } else {
        freeHeldScopes(claim);
        settled.add(release(claim, claim.job, null, false));
      }
    }
    if (!settled.isEmpty()) {
      round.progressed = true;
      List<Finished> finished = new ArrayList<>();
      try {
        Jdbc.inTransaction(
            dataSource,
            connection -> {
              finished.addAll(writeCompletions(connection, settled));
              return null;
            });
      } catch (SQLException e) {
        log.warn(
            "queue '{}' could not settle {} claimed jobs: {}",
            name,
            settled.size(),
            e.getMessage());
        requeue(settled);
      }
      fire(finished);
    }
  }

  /** Forgets the scopes a claim holds in this instance; the database rows are the caller's. */
  private void freeHeldScopes(Claim claim) {
    synchronized (scopeState) {
      if (claim.holdsScopes) {
        claim.holdsScopes = false;
        heldScopes.removeAll(claim.job.scopes());
      }
    }
  }

  private static boolean intersects(Set<String> a, Set<String> b) {
    for (String value : a) {
      if (b.contains(value)) {
        return true;
      }
    }
    return false;
  }

  private Completion failUnreadable(Claim claim, RuntimeException error) {
    String reason =
        "cannot run job '"
            + claim.id
            + "' in queue '"
            + name
            + "': "
            + Job.describe(error)
            + "; the job was marked failed";
    log.warn(reason);
    return new Completion(
        claim,
        Kind.COMPLETED,
        Rewrite.NONE,
        json(List.of(reason)),
        null,
        now(),
        true,
        false,
        null,
        null,
        null,
        null);
  }

  /**
   * In ordered mode every edge has completed (the claim checked); the dependency itself may still
   * say the job has nothing to do, must wait, or can never run.
   */
  private Completion checkDependency(Claim claim, Job job) {
    DependencyManager dependency = job.dependency();
    DependencyState state;
    try {
      state = dependency.state();
    } catch (RuntimeException e) {
      state = DependencyState.UNRESOLVED;
    }
    switch (state) {
      case READY:
        return null;
      case PASSED:
        return completeNow(claim, job, List.of());
      case BLOCKED:
        return release(claim, job, now().plus(options.pollInterval()), false);
      case UNRESOLVED:
      default:
        return completeNow(
            claim,
            job,
            List.of(
                "the dependency of job '"
                    + job.id()
                    + "' ("
                    + dependency.type()
                    + ") is unresolved; the job can never run"));
    }
  }

  private Completion completeNow(Claim claim, Job job, List<String> errors) {
    Instant now = now();
    List<String> all = new ArrayList<>(job.errors());
    all.addAll(errors);
    job.setStatus(new JobStatus("", true, false, false, now, claim.modCount + 1, all));
    job.updateTimeInfo(JobTimeInfo.empty().withEnd(now));
    return new Completion(
        claim,
        Kind.COMPLETED,
        rewrite(claim, job),
        json(all),
        null,
        now,
        true,
        false,
        null,
        null,
        null,
        null);
  }

  private Completion release(Claim claim, Job job, Instant readyAt, boolean canceled) {
    JobStatus status = job.status();
    job.setStatus(
        new JobStatus("", false, false, canceled, now(), claim.modCount + 1, status.errors()));
    return new Completion(
        claim,
        Kind.RELEASED,
        rewrite(claim, job),
        json(status.errors()),
        null,
        null,
        false,
        canceled,
        readyAt == null ? null : job.timeInfo().waitUntil(),
        readyAt,
        null,
        null);
  }

  private boolean acquireScopes(Claim claim) {
    List<String> scopes = new ArrayList<>(claim.job.scopes());
    try {
      return Jdbc.withConnection(
          dataSource,
          connection -> {
            int taken = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql.acquireScopes)) {
              statement.setString(1, name);
              statement.setString(2, claim.id);
              statement.setArray(3, Jdbc.textArray(connection, scopes));
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  taken++;
                }
              }
            }
            if (taken == scopes.size()) {
              return true;
            }
            if (taken > 0) {
              try (PreparedStatement statement = connection.prepareStatement(sql.dropScopes)) {
                statement.setString(1, name);
                statement.setString(2, claim.id);
                statement.executeUpdate();
              }
            }
            return false;
          });
    } catch (SQLException e) {
      log.warn("queue '{}' could not take the scopes of job '{}': {}", name, claim.id, e);
      return false;
    }
  }

  /** Releases claimed jobs that no worker started, at once (close, or a claim after close). */
  private void releaseUnstarted(List<Claim> claims) {
    List<Completion> releases = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      releases.add(release(claim, claim.job, null, false));
    }
    synchronized (completions) {
      completions.addAll(releases);
    }
    flush();
  }

  // ---------------------------------------------------------------------------------------------
  // completion

  @Override
  public void complete(Job job) {
    String jobId = job.id();
    Claim claim = owned.get(jobId);
    boolean lost;
    if (claim == null || claim.job != job) {
      if (!lostJobs.containsKey(job)) {
        completeUnowned(job);
        return;
      }
      lost = true;
    } else {
      synchronized (claim) {
        claim.finished = true;
        lost = claim.lost;
      }
      if (lost) {
        owned.remove(jobId, claim);
      }
    }
    if (lost) {
      if (lostJobs.remove(job) == Thread.currentThread()) {
        Thread.interrupted();
      }
      for (QueueListener listener : listeners) {
        listener.onJobReleased(this, job);
      }
      return;
    }
    Instant now = now();
    JobStatus status = job.status();
    Completion completion;
    if (status.canceled()) {
      completion = release(claim, job, null, true);
    } else if (Retries.shouldRetry(job, retryPolicy)) {
      Instant start = job.timeInfo().start();
      job.updateTimeInfo(JobTimeInfo.empty().withEnd(now));
      Retries.prepareNextAttempt(job, retryPolicy, now, ThreadLocalRandom.current());
      Instant waitUntil = job.timeInfo().waitUntil().truncatedTo(ChronoUnit.MICROS);
      job.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(waitUntil));
      List<JobAttempt> previous = job.retryInfo().previous();
      JobAttempt attempt = previous.get(previous.size() - 1);
      completion =
          new Completion(
              claim,
              Kind.RETRIED,
              rewrite(claim, job),
              "[]",
              start,
              null,
              false,
              false,
              waitUntil,
              waitUntil,
              job.retryInfo().attempt(),
              attempt);
    } else {
      job.updateTimeInfo(JobTimeInfo.empty().withEnd(now));
      job.setStatus(
          new JobStatus("", true, false, false, now, claim.modCount + 1, status.errors()));
      completion =
          new Completion(
              claim,
              Kind.COMPLETED,
              rewrite(claim, job),
              json(status.errors()),
              job.timeInfo().start(),
              now,
              true,
              false,
              null,
              null,
              null,
              null);
    }
    long spent = Math.max(1, System.nanoTime() - claim.handedOutNanos);
    boolean flushNow;
    synchronized (completions) {
      long perJob = jobNanos;
      jobNanos = perJob == 0 ? spent : perJob + (spent - perJob) / 8;
      completions.add(completion);
      flushNow =
          completions.size() >= options.completionBatchSize()
              || options.completionFlushInterval().isZero()
              || closed;
      if (!flushNow && flushTimer == null) {
        flushTimer = PostgresTimer.schedule(this::flush, options.completionFlushInterval());
      }
    }
    if (flushNow) {
      flush();
    }
  }

  /**
   * What a completion rewrites besides the status and the start and end times, which have their own
   * columns: {@code body} when the job changed its fields, headers, retry state or its dependency's
   * fields while it ran, and the other columns ({@link JobRows#columnValues}) when it changed its
   * priority, scopes, dependency or times. Most jobs change neither, and their row keeps both:
   * rewriting the body for every job cost a fifth of a 200,000-job burn-down's throughput
   * (serializing it, sending it, and PostgreSQL parsing it into {@code jsonb}).
   */
  private record Rewrite(String body, String columns) {
    static final Rewrite NONE = new Rewrite(null, null);
  }

  private Rewrite rewrite(Claim claim, Job job) {
    JobInterchange current = serializer.toInterchange(job);
    JobInterchange stored = claim.form;
    if (stored == null) {
      return new Rewrite(jobRows.body(current), jobRows.columnValues(current));
    }
    DependencyInterchange dependency = current.dependency();
    DependencyInterchange storedDependency = stored.dependency();
    boolean sameBody =
        current.headers().equals(stored.headers())
            && Objects.equals(current.retry(), stored.retry())
            && sameJson(current.job(), stored.job())
            && sameJson(
                dependency == null ? null : dependency.dependency(),
                storedDependency == null ? null : storedDependency.dependency());
    boolean sameColumns =
        current.priority() == stored.priority()
            && current.scopes().equals(stored.scopes())
            && Objects.equals(maxAttempts(current), maxAttempts(stored))
            && current
                .timeInfo()
                .withStart(stored.timeInfo().start())
                .withEnd(stored.timeInfo().end())
                .equals(stored.timeInfo())
            && sameDependencyColumns(dependency, storedDependency);
    return new Rewrite(
        sameBody ? null : jobRows.body(current),
        sameColumns ? null : jobRows.columnValues(current));
  }

  private static boolean sameDependencyColumns(DependencyInterchange a, DependencyInterchange b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.type().equals(b.type()) && a.version() == b.version() && a.edges().equals(b.edges());
  }

  /**
   * Whether two trees of an envelope write the same JSON. A missing tree and an empty one are both
   * left out of the envelope; numbers compare by their text, since a field read back from JSON is
   * an {@code int} node where the job's {@code long} field makes a {@code long} node.
   */
  private static boolean sameJson(JsonNode a, JsonNode b) {
    if (leftOut(a) || leftOut(b)) {
      return leftOut(a) && leftOut(b);
    }
    return a.equals(SAME_NUMBERS, b);
  }

  private static boolean leftOut(JsonNode node) {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || (node.isContainer() && node.isEmpty());
  }

  private static final Comparator<JsonNode> SAME_NUMBERS =
      (x, y) ->
          x.equals(y) || (x.isNumber() && y.isNumber() && x.asString().equals(y.asString()))
              ? 0
              : 1;

  /** How a claimed job left its worker. */
  private enum Kind {
    COMPLETED,
    RETRIED,
    RELEASED
  }

  /** A row update waiting to be written. */
  private record Completion(
      Claim claim,
      Kind kind,
      Rewrite rewrite,
      String errors,
      Instant start,
      Instant end,
      boolean completed,
      boolean canceled,
      Instant waitUntil,
      Instant readyAt,
      Integer attempt,
      JobAttempt finishedAttempt) {}

  /** A completion that reached the database, for the listeners. */
  private record Finished(Completion completion, boolean stored) {}

  private List<Completion> drainCompletions() {
    synchronized (completions) {
      if (flushTimer != null) {
        flushTimer.cancel(false);
        flushTimer = null;
      }
      if (completions.isEmpty()) {
        return List.of();
      }
      List<Completion> batch = new ArrayList<>(completions);
      completions.clear();
      return batch;
    }
  }

  private void requeue(List<Completion> batch) {
    if (batch.isEmpty()) {
      return;
    }
    synchronized (completions) {
      completions.addAll(0, batch);
      if (flushTimer == null) {
        Duration retry =
            options.pollInterval().compareTo(Duration.ofSeconds(1)) < 0
                ? options.pollInterval()
                : Duration.ofSeconds(1);
        flushTimer = PostgresTimer.schedule(this::flush, retry);
      }
    }
  }

  /** Writes every buffered completion now. Never throws; failed writes are retried later. */
  void flush() {
    List<Finished> finished = new ArrayList<>();
    claimOrCompletion.lock();
    try {
      List<Completion> batch = drainCompletions();
      if (batch.isEmpty()) {
        return;
      }
      try {
        boolean oneStatement =
            batch.stream().noneMatch(c -> c.kind == Kind.RETRIED || c.rewrite.columns() != null)
                && !needsNotify(batch);
        Jdbc.Work<Void> work =
            connection -> {
              finished.addAll(writeCompletions(connection, batch));
              return null;
            };
        if (oneStatement) {
          Jdbc.withConnection(dataSource, work);
        } else {
          Jdbc.inTransaction(dataSource, work);
        }
      } catch (SQLException | RuntimeException e) {
        finished.clear();
        log.warn(
            "queue '{}' could not store {} completions, retrying: {}",
            name,
            batch.size(),
            e.getMessage());
        requeue(batch);
      }
    } finally {
      claimOrCompletion.unlock();
    }
    fire(finished);
  }

  private boolean needsNotify(List<Completion> batch) {
    for (Completion completion : batch) {
      if (completion.kind == Kind.RELEASED) {
        return true;
      }
      Job job = completion.claim.job;
      if (job != null && !job.scopes().isEmpty()) {
        return true;
      }
      if (options.dispatchMode() == DispatchMode.ORDERED && completion.completed) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes a batch of completions with one statement (plus one for retry attempts and one
   * notification when other workers may now run something); call inside a transaction when more
   * than one statement may run.
   */
  private List<Finished> writeCompletions(Connection connection, List<Completion> batch)
      throws SQLException {
    int size = batch.size();
    boolean freesScopes = false;
    for (Completion c : batch) {
      freesScopes |= c.claim.job == null || !c.claim.job.scopes().isEmpty();
    }
    Map<String, long[]> stored = new HashMap<>();
    Map<String, Instant> storedAt = new HashMap<>();
    String statementSql;
    if (size == 1) {
      statementSql = freesScopes ? sql.completeOneFreeingScopes : sql.completeOne;
    } else {
      statementSql = freesScopes ? sql.completeFreeingScopes : sql.complete;
    }
    try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
      int i =
          size == 1
              ? bindCompletion(statement, batch.get(0))
              : bindCompletions(statement, connection, batch);
      statement.setString(i++, name);
      statement.setString(i++, owner);
      if (freesScopes) {
        statement.setString(i, name);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          stored.put(id, new long[] {rs.getLong(2)});
          storedAt.put(id, Jdbc.getInstant(rs, "updated_at"));
        }
      }
    }
    List<Completion> retried = new ArrayList<>();
    List<Finished> finished = new ArrayList<>(size);
    for (Completion c : batch) {
      long[] modCount = stored.get(c.claim.id);
      boolean ok = modCount != null;
      if (ok && c.claim.job != null) {
        JobStatus status = c.claim.job.status();
        c.claim.job.setStatus(status.withModification(storedAt.get(c.claim.id), modCount[0]));
      }
      if (ok && c.kind == Kind.RETRIED) {
        retried.add(c);
      }
      finished.add(new Finished(c, ok));
      freeHeldScopes(c.claim);
    }
    if (!retried.isEmpty()) {
      insertAttempts(connection, retried);
    }
    updateChangedColumns(connection, batch, stored.keySet());
    if (!stored.isEmpty() && needsNotify(batch)) {
      try (PreparedStatement statement = connection.prepareStatement(sql.notify)) {
        statement.setString(1, sql.channel);
        statement.setString(2, name);
        statement.execute();
      }
    }
    return finished;
  }

  /** Binds one completion's row values; returns the next parameter index. */
  private static int bindCompletion(PreparedStatement statement, Completion c) throws SQLException {
    int i = 1;
    statement.setString(i++, c.claim.id);
    statement.setLong(i++, c.claim.modCount);
    statement.setString(i++, c.rewrite.body());
    statement.setString(i++, c.errors);
    statement.setString(i++, text(c.start));
    statement.setString(i++, text(c.end));
    statement.setBoolean(i++, c.completed);
    statement.setBoolean(i++, c.canceled);
    statement.setString(i++, text(c.waitUntil));
    statement.setString(i++, text(c.readyAt));
    statement.setObject(i++, c.attempt, Types.INTEGER);
    return i;
  }

  /** Binds a batch of completions as parallel arrays; returns the next parameter index. */
  private static int bindCompletions(
      PreparedStatement statement, Connection connection, List<Completion> batch)
      throws SQLException {
    int size = batch.size();
    List<String> ids = new ArrayList<>(size);
    List<Long> modCounts = new ArrayList<>(size);
    List<String> bodies = new ArrayList<>(size);
    List<String> errors = new ArrayList<>(size);
    List<Instant> starts = new ArrayList<>(size);
    List<Instant> ends = new ArrayList<>(size);
    List<Boolean> completed = new ArrayList<>(size);
    List<Boolean> canceled = new ArrayList<>(size);
    List<Instant> waitUntil = new ArrayList<>(size);
    List<Instant> readyAt = new ArrayList<>(size);
    List<Integer> attempts = new ArrayList<>(size);
    for (Completion c : batch) {
      ids.add(c.claim.id);
      modCounts.add(c.claim.modCount);
      bodies.add(c.rewrite.body());
      errors.add(c.errors);
      starts.add(c.start);
      ends.add(c.end);
      completed.add(c.completed);
      canceled.add(c.canceled);
      waitUntil.add(c.waitUntil);
      readyAt.add(c.readyAt);
      attempts.add(c.attempt);
    }
    int i = 1;
    statement.setArray(i++, Jdbc.textArray(connection, ids));
    statement.setArray(i++, Jdbc.bigintArray(connection, modCounts));
    statement.setArray(i++, Jdbc.textArray(connection, bodies));
    statement.setArray(i++, Jdbc.textArray(connection, errors));
    statement.setArray(i++, Jdbc.instantArray(connection, starts));
    statement.setArray(i++, Jdbc.instantArray(connection, ends));
    statement.setArray(i++, Jdbc.booleanArray(connection, completed));
    statement.setArray(i++, Jdbc.booleanArray(connection, canceled));
    statement.setArray(i++, Jdbc.instantArray(connection, waitUntil));
    statement.setArray(i++, Jdbc.instantArray(connection, readyAt));
    statement.setArray(i++, Jdbc.intArray(connection, attempts));
    return i;
  }

  /** An instant as the text the completion statements cast to {@code timestamptz}. */
  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** Writes the columns the stored completions' jobs changed while they ran, if any did. */
  private void updateChangedColumns(
      Connection connection, List<Completion> batch, Set<String> storedIds) throws SQLException {
    List<String> ids = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (Completion c : batch) {
      if (c.rewrite.columns() != null && storedIds.contains(c.claim.id)) {
        ids.add(c.claim.id);
        columns.add(c.rewrite.columns());
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql.updateColumns)) {
      statement.setArray(1, Jdbc.textArray(connection, ids));
      statement.setArray(2, Jdbc.textArray(connection, columns));
      statement.setString(3, name);
      statement.executeUpdate();
    }
  }

  private void insertAttempts(Connection connection, List<Completion> retried) throws SQLException {
    List<String> ids = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    List<Instant> starts = new ArrayList<>();
    List<Instant> ends = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Completion c : retried) {
      JobAttempt attempt = c.finishedAttempt;
      ids.add(c.claim.id);
      numbers.add(attempt.attempt());
      starts.add(attempt.start());
      ends.add(attempt.end());
      errors.add(json(attempt.errors()));
    }
    try (PreparedStatement statement = connection.prepareStatement(sql.insertAttempts)) {
      statement.setString(1, name);
      statement.setArray(2, Jdbc.textArray(connection, ids));
      statement.setArray(3, Jdbc.intArray(connection, numbers));
      statement.setArray(4, Jdbc.instantArray(connection, starts));
      statement.setArray(5, Jdbc.instantArray(connection, ends));
      statement.setArray(6, Jdbc.textArray(connection, errors));
      statement.executeUpdate();
    }
  }

  /** Tells listeners how the written completions ended; wakes workers for released jobs. */
  private void fire(List<Finished> finished) {
    if (finished.isEmpty()) {
      return;
    }
    boolean wake = false;
    for (Finished f : finished) {
      Completion c = f.completion;
      owned.remove(c.claim.id, c.claim);
      if (!f.stored) {
        log.warn(
            "queue '{}' lost the lock of job '{}' before its result was stored; the result was"
                + " discarded and the job's current owner decides its fate",
            name,
            c.claim.id);
        continue;
      }
      wake |= c.kind == Kind.RELEASED || options.dispatchMode() == DispatchMode.ORDERED;
      wake |= c.claim.job != null && !c.claim.job.scopes().isEmpty();
      Job job = c.claim.job;
      if (job == null) {
        continue;
      }
      for (QueueListener listener : listeners) {
        switch (c.kind) {
          case COMPLETED -> listener.onJobCompleted(this, job);
          case RETRIED -> listener.onJobRetried(this, job);
          case RELEASED -> listener.onJobReleased(this, job);
        }
      }
    }
    if (wake && !closed) {
      wake();
    }
  }

  /** Completes a job this instance did not claim: management marking work done. */
  private void completeUnowned(Job job) {
    Instant now = now();
    String jobId = job.id();
    JobStatus status = job.status();
    job.setStatus(
        new JobStatus(
            "", true, false, false, now, status.modificationCount() + 1, status.errors()));
    job.updateTimeInfo(JobTimeInfo.empty().withEnd(now));
    String body = jobRows.body(serializer.toInterchange(job));
    boolean changedRow;
    try {
      changedRow =
          callerWork(
              connection -> {
                try (PreparedStatement statement =
                    connection.prepareStatement(sql.completeUnowned)) {
                  int i = 1;
                  statement.setString(i++, body);
                  statement.setString(i++, json(status.errors()));
                  statement.setInt(i++, status.errorCount());
                  Jdbc.setInstant(statement, i++, now);
                  Jdbc.setInstant(statement, i++, job.timeInfo().start());
                  statement.setString(i++, name);
                  statement.setString(i++, jobId);
                  statement.setString(i, name);
                  try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                      return false;
                    }
                    job.setStatus(
                        job.status()
                            .withModification(Jdbc.getInstant(rs, "updated_at"), rs.getLong(2)));
                    return true;
                  }
                }
              });
    } catch (SQLException e) {
      throw failure("complete job '" + jobId + "'", e);
    }
    if (!changedRow) {
      if (rowState(jobId) == null) {
        throw new JobNotDefinedException(name, jobId);
      }
      return;
    }
    for (QueueListener listener : listeners) {
      listener.onJobCompleted(this, job);
    }
    wake();
  }

  // ---------------------------------------------------------------------------------------------
  // locks

  /**
   * Refreshes the lock of every job this instance holds (buffered, running, or waiting for its
   * completion to be written) and cancels the runs whose lock was lost; then releases jobs whose
   * lock went stale anywhere, freeing their scopes.
   */
  void maintainLocks() {
    if (closed && owned.isEmpty()) {
      synchronized (lifecycle) {
        if (lockTask != null) {
          lockTask.cancel(false);
        }
      }
      return;
    }
    try {
      pingLocks();
      reapStaleLocks();
      if (options.dispatchMode() == DispatchMode.ORDERED) {
        reportMissingDependencies();
      }
    } catch (RuntimeException e) {
      log.warn("queue '{}': lock maintenance failed", name, e);
    }
  }

  private void pingLocks() {
    ping.lock();
    try {
      if (owned.isEmpty()) {
        return;
      }
      List<Claim> claims = new ArrayList<>(owned.values());
      List<String> ids = new ArrayList<>(claims.size());
      List<Long> counts = new ArrayList<>(claims.size());
      for (Claim claim : claims) {
        ids.add(claim.id);
        counts.add(claim.modCount);
      }
      Map<String, Object[]> refreshed = new HashMap<>();
      try {
        Jdbc.withConnection(
            dataSource,
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(sql.ping)) {
                statement.setArray(1, Jdbc.textArray(connection, ids));
                statement.setArray(2, Jdbc.bigintArray(connection, counts));
                statement.setString(3, name);
                statement.setString(4, owner);
                try (ResultSet rs = statement.executeQuery()) {
                  while (rs.next()) {
                    refreshed.put(
                        rs.getString(1),
                        new Object[] {rs.getLong(2), Jdbc.getInstant(rs, "updated_at")});
                  }
                }
              }
              return null;
            });
      } catch (SQLException e) {
        log.warn("queue '{}' could not refresh its job locks: {}", name, e.getMessage());
        return;
      }
      for (Claim claim : claims) {
        Object[] update = refreshed.get(claim.id);
        if (update == null) {
          loseClaim(claim, "its lock was taken over or the job was completed elsewhere");
          continue;
        }
        claim.modCount = (Long) update[0];
        claim.lockedAt = (Instant) update[1];
        Job job = claim.job;
        if (job != null) {
          JobStatus status = job.status();
          if (status.inProgress()) {
            job.setStatus(status.withModification(claim.lockedAt, claim.modCount));
          }
        }
      }
    } finally {
      ping.unlock();
    }
  }

  /**
   * Cancels a claim whose lock this instance no longer holds: its run is interrupted. Call with
   * {@link #claimsAndPings} held (either side).
   */
  private void loseClaim(Claim claim, String why) {
    boolean interrupted = false;
    boolean wasBuffered;
    synchronized (claim) {
      if (claim.finished) {
        return;
      }
      claim.lost = true;
      wasBuffered = !claim.handedOut;
      if (claim.handedOut && claim.thread != null) {
        lostJobs.put(claim.job, claim.thread);
        claim.thread.interrupt();
        interrupted = true;
      }
    }
    freeHeldScopes(claim);
    if (wasBuffered) {
      synchronized (scopeState) {
        parked.remove(claim);
      }
      dispatch.lock();
      try {
        buffer.remove(claim);
      } finally {
        dispatch.unlock();
      }
      owned.remove(claim.id, claim);
    }
    log.warn(
        "queue '{}' lost the lock of job '{}' ({}){}",
        name,
        claim.id,
        why,
        interrupted ? "; its run was interrupted" : "");
  }

  private void reapStaleLocks() {
    List<String> reaped = new ArrayList<>();
    Set<String> formerOwners = new LinkedHashSet<>();
    try {
      Jdbc.withConnection(
          dataSource,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.reapStale)) {
              statement.setString(1, name);
              statement.setLong(2, options.lockTimeout().toMillis());
              statement.setString(3, name);
              statement.setString(4, name);
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  reaped.add(rs.getString(1));
                  formerOwners.add(rs.getString(2));
                }
              }
            }
            if (!reaped.isEmpty()) {
              try (PreparedStatement statement = connection.prepareStatement(sql.notify)) {
                statement.setString(1, sql.channel);
                statement.setString(2, name);
                statement.execute();
              }
            }
            return null;
          });
    } catch (SQLException e) {
      log.warn("queue '{}' could not release stale locks: {}", name, e.getMessage());
      return;
    }
    if (!reaped.isEmpty()) {
      log.info(
          "queue '{}' released {} jobs whose locks went stale (owners {}): {}",
          name,
          reaped.size(),
          formerOwners,
          reaped.size() > 20 ? reaped.subList(0, 20) + "..." : reaped);
      wake();
    }
  }

  private void reportMissingDependencies() {
    Map<String, List<String>> missing = missingDependencies();
    for (Map.Entry<String, List<String>> entry : missing.entrySet()) {
      if (reportedMissingEdges.add(entry.getKey())) {
        log.warn(
            "queue '{}': job '{}' depends on {} which the queue does not hold; it stays blocked"
                + " until they are put",
            name,
            entry.getKey(),
            entry.getValue());
      }
    }
    reportedMissingEdges.retainAll(missing.keySet());
  }

  /**
   * Pending jobs whose dependency edges name jobs that this queue does not hold, with those ids (at
   * most 1,000 jobs). In ordered mode such jobs stay blocked until the named jobs are put.
   */
  public Map<String, List<String>> missingDependencies() {
    String query =
        "SELECT p.id, array_agg(e.edge ORDER BY e.edge) FROM "
            + options.schema()
            + ".jobs p CROSS JOIN LATERAL unnest(p.dep_edges) AS e(edge)"
            + " WHERE p.queue = ? AND "
            + QueueSql.pending("p")
            + " AND cardinality(p.dep_edges) > 0 AND NOT EXISTS (SELECT 1 FROM "
            + options.schema()
            + ".jobs d WHERE d.queue = p.queue AND d.id = e.edge)"
            + " GROUP BY p.id ORDER BY p.id LIMIT 1000";
    try {
      return callerWork(
          connection -> {
            Map<String, List<String>> result = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(query)) {
              statement.setString(1, name);
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  result.put(rs.getString(1), textList(rs.getArray(2)));
                }
              }
            }
            return result;
          });
    } catch (SQLException e) {
      throw failure("list missing dependencies", e);
    }
  }

  /**
   * Keeps an idle queue responsive without a worker thread: when no worker waits for work and the
   * database has ready jobs, asks the runner for a worker. Also applies the retention period.
   */
  void maintain() {
    if (closed) {
      return;
    }
    try {
      boolean idle;
      dispatch.lock();
      try {
        idle = waiting == 0 && claiming == 0 && buffer.isEmpty();
      } finally {
        dispatch.unlock();
      }
      if (idle && busyWorkers() < runner.workers() && hasReadyWork()) {
        wake();
      }
      if (!options.completedRetention().isZero()
          && System.nanoTime() - lastPrune > PRUNE_EVERY.toNanos()) {
        lastPrune = System.nanoTime();
        pruneCompleted();
      }
    } catch (RuntimeException e) {
      log.warn("queue '{}': maintenance failed: {}", name, e.getMessage());
    }
  }

  private int busyWorkers() {
    int busy = 0;
    for (Claim claim : owned.values()) {
      synchronized (claim) {
        if (claim.handedOut && !claim.finished) {
          busy++;
        }
      }
    }
    return busy;
  }

  private boolean hasReadyWork() {
    try {
      return Jdbc.withConnection(
          dataSource,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.hasReadyWork)) {
              statement.setString(1, name);
              statement.setString(2, name);
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
              }
            }
          });
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Deletes completed and dropped jobs that ended before the retention period (up to 10,000 per
   * call), keeping their counts in the queue's counters.
   *
   * @return how many rows were deleted; 0 when the retention is zero (keep forever)
   */
  public int pruneCompleted() {
    if (options.completedRetention().isZero()) {
      return 0;
    }
    Instant before = now().minus(options.completedRetention());
    try {
      return Jdbc.withConnection(
          dataSource,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.pruneCompleted)) {
              statement.setString(1, name);
              statement.setString(2, name);
              Jdbc.setInstant(statement, 3, before);
              statement.setInt(4, PRUNE_BATCH);
              statement.setString(5, name);
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
              }
            }
          });
    } catch (SQLException e) {
      throw failure("prune completed jobs", e);
    }
  }

  /** Wakes a waiting worker, or asks the runner for one when none waits. */
  private void wake() {
    boolean nobodyWaits;
    dispatch.lock();
    try {
      workHint = true;
      nobodyWaits = waiting == 0 && claiming == 0;
      changed.signal();
    } finally {
      dispatch.unlock();
    }
    if (nobodyWaits && started && !closed) {
      runner.workAvailable();
    }
  }

  private void onNotification(String payload) {
    if (payload == null || payload.equals(name)) {
      wake();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reads and edits

  @Override
  public Optional<Job> get(String jobId) {
    try {
      return callerWork(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.selectOne)) {
              statement.setString(1, name);
              statement.setString(2, jobId);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(readJob(rs)) : Optional.<Job>empty();
              }
            }
          });
    } catch (SQLException e) {
      throw failure("read job '" + jobId + "'", e);
    }
  }

  /** The attempts a retried job has finished, from the attempts table, oldest first. */
  public List<JobAttempt> attempts(String jobId) {
    try {
      return callerWork(
          connection -> {
            List<JobAttempt> attempts = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql.attemptsOf)) {
              statement.setString(1, name);
              statement.setString(2, jobId);
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  attempts.add(
                      new JobAttempt(
                          rs.getInt(1),
                          Jdbc.getInstant(rs, "started_at"),
                          Jdbc.getInstant(rs, "ended_at"),
                          textList(rs.getArray(4))));
                }
              }
            }
            return attempts;
          });
    } catch (SQLException e) {
      throw failure("read the attempts of job '" + jobId + "'", e);
    }
  }

  /** Rebuilds a job from its row ({@link JobRows}). */
  private Job readJob(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    try {
      return serializer.resolve(jobRows.read(rs, JobRows.status(rs), true));
    } catch (AmboyException e) {
      throw new AmboyException(
          "job '" + id + "' in queue '" + name + "' cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<String> textList(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    String[] values = (String[]) array.getArray();
    return Arrays.asList(values);
  }

  /** The completed/in-progress/dropped flags of a row, or {@code null} when there is none. */
  private boolean[] rowState(String jobId) {
    try {
      return callerWork(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.exists)) {
              statement.setString(1, name);
              statement.setString(2, jobId);
              try (ResultSet rs = statement.executeQuery()) {
                return rs.next()
                    ? new boolean[] {rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)}
                    : null;
              }
            }
          });
    } catch (SQLException e) {
      throw failure("read job '" + jobId + "'", e);
    }
  }

  /**
   * Stores the job's envelope, priority, times, scopes and dependency. Status and lock columns stay
   * as the queue keeps them.
   *
   * @throws JobNotDefinedException when the queue does not hold the job
   * @throws LockNotHeldException when another instance holds a fresh lock on it
   */
  @Override
  public void save(Job job) {
    String jobId = job.id();
    if (job.timeInfo().created() != null) {
      job.timeInfo().validate();
    }
    JobTimeInfo storedTimes = atStoredPrecision(job.timeInfo());
    if (!storedTimes.equals(job.timeInfo())) {
      job.setTimeInfo(storedTimes);
    }
    JobInterchange form = serializer.toInterchange(job);
    String body = jobRows.body(form);
    JobTimeInfo times = form.timeInfo();
    boolean updated;
    try {
      updated =
          callerWork(
              connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql.save)) {
                  int i = 1;
                  statement.setString(i++, body);
                  statement.setInt(i++, form.priority());
                  Jdbc.setInstant(statement, i++, times.waitUntil());
                  Jdbc.setInstant(statement, i++, times.dispatchBy());
                  statement.setObject(
                      i++, times.maxTime() == null ? null : times.maxTime().toMillis());
                  Jdbc.setInstant(statement, i++, times.waitUntil());
                  statement.setString(
                      i++, form.dependency() == null ? "always" : form.dependency().type());
                  statement.setInt(
                      i++, form.dependency() == null ? 0 : form.dependency().version());
                  statement.setArray(
                      i++,
                      Jdbc.textArray(
                          connection,
                          form.dependency() == null ? List.of() : form.dependency().edges()));
                  statement.setArray(
                      i++, Jdbc.textArray(connection, new ArrayList<>(form.scopes())));
                  statement.setObject(i++, maxAttempts(form));
                  Jdbc.setInstant(statement, i++, times.created());
                  statement.setString(i++, name);
                  statement.setString(i++, jobId);
                  statement.setString(i++, owner);
                  statement.setLong(i, options.lockTimeout().toMillis());
                  try (ResultSet rs = statement.executeQuery()) {
                    return rs.next();
                  }
                }
              });
    } catch (SQLException e) {
      throw failure("save job '" + jobId + "'", e);
    }
    if (!updated) {
      boolean[] state = rowState(jobId);
      if (state == null || state[2]) {
        throw new JobNotDefinedException(name, jobId);
      }
      throw new LockNotHeldException(
          "queue '"
              + name
              + "' cannot save job '"
              + jobId
              + "': another queue instance holds its lock");
    }
    wake();
  }

  /**
   * Removes a pending or completed job (and its scopes and attempts).
   *
   * @throws IllegalStateException when the job is running
   */
  @Override
  public boolean delete(String jobId) {
    int deleted;
    try {
      deleted =
          callerWork(
              connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql.delete)) {
                  statement.setString(1, name);
                  statement.setString(2, jobId);
                  statement.setString(3, name);
                  try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                  }
                }
              });
    } catch (SQLException e) {
      throw failure("delete job '" + jobId + "'", e);
    }
    if (deleted > 0) {
      return true;
    }
    boolean[] state = rowState(jobId);
    if (state != null && state[1]) {
      throw new IllegalStateException(
          "cannot delete job '"
              + jobId
              + "' from queue '"
              + name
              + "': it is running; abort it or wait for it to complete");
    }
    return false;
  }

  /**
   * Every job of this queue (pending, running and retained completed ones), read lazily through a
   * cursor. Close the stream: it holds a connection until then. Rows that cannot be read are
   * skipped with a warning.
   */
  @Override
  public Stream<Job> jobs() {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      boolean joined = options.joinCallerTransactions();
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit && !joined) {
        connection.setAutoCommit(false);
      }
      PreparedStatement statement = connection.prepareStatement(sql.selectAll);
      statement.setFetchSize(STREAM_FETCH_SIZE);
      statement.setString(1, name);
      ResultSet rs = statement.executeQuery();
      Connection held = connection;
      Spliterator<Job> rows =
          new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super Job> action) {
              try {
                while (rs.next()) {
                  try {
                    action.accept(readJob(rs));
                    return true;
                  } catch (AmboyException e) {
                    log.warn("queue '{}': skipping a row: {}", name, e.getMessage());
                  }
                }
                return false;
              } catch (SQLException e) {
                throw failure("read jobs", e);
              }
            }
          };
      return StreamSupport.stream(rows, false)
          .onClose(() -> closeCursor(held, statement, rs, autoCommit, joined));
    } catch (SQLException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw failure("read jobs", e);
    }
  }

  private void closeCursor(
      Connection connection,
      PreparedStatement statement,
      ResultSet rs,
      boolean autoCommit,
      boolean joined) {
    try (connection;
        statement;
        rs) {
      if (joined) {
        return;
      }
      connection.commit();
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      log.warn("queue '{}': closing a job cursor failed: {}", name, e.getMessage());
    }
  }

  /**
   * Counts from one statement (one snapshot): {@code total == pending + running + completed +
   * dropped}. Running counts claimed jobs, buffered ones included; completed and dropped include
   * rows deleted by retention; blocked (ordered mode) counts pending jobs with unfinished edges.
   */
  @Override
  public QueueStats stats() {
    try {
      return callerWork(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.stats)) {
              statement.setString(1, name);
              statement.setString(2, name);
              statement.setString(3, name);
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long prunedCompleted = rs.getLong("pruned_completed");
                long prunedDropped = rs.getLong("pruned_dropped");
                return new QueueStats(
                    rs.getLong("running"),
                    rs.getLong("completed") + prunedCompleted,
                    rs.getLong("pending"),
                    rs.getLong("blocked"),
                    rs.getLong("total") + prunedCompleted + prunedDropped,
                    rs.getLong("dropped") + prunedDropped);
              }
            }
          });
    } catch (SQLException e) {
      throw failure("read stats", e);
    }
  }

  private AmboyException failure(String what, SQLException e) {
    String hint =
        "42P01".equals(e.getSQLState())
            ? " (are amboy's tables in schema '"
                + options.schema()
                + "'? see PostgresSchema.create)"
            : "";
    return new AmboyException(
        "queue '" + name + "' could not " + what + ": " + e.getMessage() + hint, e);
  }

  // ---------------------------------------------------------------------------------------------
  // lifecycle

  @Override
  public QueueInfo info() {
    return new QueueInfo(KIND, started, closed, options.lockTimeout());
  }

  @Override
  public Runner runner() {
    return runner;
  }

  @Override
  public void setRunner(Runner replacement) {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException(
            "queue '" + name + "' has started; set its runner before calling start()");
      }
      replacement.setQueue(this);
      this.runner = replacement;
    }
  }

  /**
   * Checks the schema, starts listening for notifications, the lock pings and the runner.
   *
   * @throws IllegalStateException when amboy's tables are missing or outdated
   */
  @Override
  public void start() {
    synchronized (lifecycle) {
      if (started) {
        return;
      }
      if (closed) {
        throw new QueueClosedException(name);
      }
      PostgresSchema.requireInstalled(dataSource, options.schema());
      subscription = NotificationHub.subscribe(dataSource, sql.channel, this::onNotification);
      runner.start();
      lockTask = PostgresTimer.every(this::maintainLocks, options.lockTimeout().dividedBy(4));
      pollTask = PostgresTimer.every(this::maintain, options.pollInterval());
      started = true;
    }
    wake();
  }

  /**
   * Stops claiming, releases buffered jobs at once, lets running jobs finish for up to {@code
   * drainTimeout}, then interrupts them and releases them too, writes every outstanding completion
   * and stops listening. Released jobs run at once in any other live instance.
   */
  @Override
  public void close(Duration drainTimeout) {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (pollTask != null) {
        pollTask.cancel(false);
      }
    }
    List<Claim> unstarted = new ArrayList<>();
    synchronized (scopeState) {
      unstarted.addAll(parked);
      parked.clear();
    }
    dispatch.lock();
    try {
      unstarted.addAll(buffer);
      buffer.clear();
      changed.signalAll();
    } finally {
      dispatch.unlock();
    }
    if (!unstarted.isEmpty()) {
      releaseUnstarted(unstarted);
    }
    if (runner.isStarted()) {
      runner.close(drainTimeout);
    }
    flush();
    synchronized (lifecycle) {
      if (subscription != null) {
        try {
          subscription.close();
        } catch (Exception e) {
          log.debug("queue '{}': unsubscribing failed", name, e);
        }
      }
    }
  }

  @Override
  public void addListener(QueueListener listener) {
    listeners.add(listener);
  }

  @Override
  public void addInterceptor(JobInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
  }

  @Override
  public List<JobInterceptor> interceptors() {
    return interceptors;
  }

  @Override
  public String toString() {
    return "postgres[" + name + ", " + options.dispatchMode() + "]";
  }

  /** A job this instance claimed: buffered, running, or waiting for its completion to be stored. */
  private static final class Claim {
    final String id;
    volatile long modCount;
    volatile Instant lockedAt;
    volatile Job job;

    /** The envelope the job was read from; {@code null} for a job that could not be read. */
    volatile JobInterchange form;

    boolean holdsScopes;
    Thread thread;
    boolean handedOut;
    long handedOutNanos;
    boolean finished;
    boolean lost;

    Claim(String id, long modCount, Instant lockedAt) {
      this.id = id;
      this.modCount = modCount;
      this.lockedAt = lockedAt;
    }

    /** Marks the claim as running on {@code worker}, unless its lock was lost meanwhile. */
    synchronized boolean takeFor(Thread worker) {
      if (lost) {
        return false;
      }
      thread = worker;
      handedOut = true;
      handedOutNanos = System.nanoTime();
      return true;
    }
  }
}
