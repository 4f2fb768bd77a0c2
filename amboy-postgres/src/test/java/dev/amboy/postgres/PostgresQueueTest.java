package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.DuplicateJobException;
import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobSerializationException;
import dev.amboy.JobTimeInfo;
import dev.amboy.JobType;
import dev.amboy.LockNotHeldException;
import dev.amboy.QueueStats;
import dev.amboy.contract.ContractJob;
import dev.amboy.contract.Ledger;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import dev.amboy.registry.JobRegistry;
import dev.amboy.retry.Backoff;
import dev.amboy.retry.JobAttempt;
import dev.amboy.retry.RetryInfo;
import dev.amboy.retry.RetryPolicy;
import dev.amboy.testing.SettableClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PostgreSQL-specific behaviour of {@link PostgresQueue} beyond core's contract. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresQueueTest {

  private static final String SCHEMA = TestDatabase.newSchema("queue");
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final JobRegistry registry = ContractJob.register(TraceJob.register(new JobRegistry()));
  private final List<PostgresQueue> opened = new ArrayList<>();
  private final String name = "queue-" + NAMES.incrementAndGet();

  private PostgresQueue queue(UnaryOperator<PostgresQueueOptions.Builder> settings) {
    PostgresQueue queue =
        new PostgresQueue(
            settings
                .apply(
                    PostgresQueueOptions.builder(name, TestDatabase.dataSource(), registry)
                        .schema(SCHEMA)
                        .workers(2)
                        .pollInterval(Duration.ofMillis(200)))
                .build());
    opened.add(queue);
    return queue;
  }

  private PostgresQueue queue() {
    return queue(UnaryOperator.identity());
  }

  @AfterEach
  void close() {
    opened.forEach(PostgresQueue::close);
  }

  @Test
  void putAllAddsEveryJobOrNone() throws Exception {
    PostgresQueue queue = queue();
    queue.put(new TraceJob("existing", "put-all"));
    List<Job> batch =
        List.of(new TraceJob("new-1", "put-all"), new TraceJob("existing", "put-all"));

    assertThatThrownBy(() -> queue.putAll(batch))
        .isInstanceOf(DuplicateJobException.class)
        .hasMessageContaining("'existing'")
        .hasMessageContaining(name)
        .hasMessageContaining("none of the 2 jobs was added");
    assertThat(queue.get("new-1")).isEmpty();
    assertThatThrownBy(
            () -> queue.putAll(List.of(new TraceJob("twin", "put-all"), new TraceJob("twin", "x"))))
        .isInstanceOf(DuplicateJobException.class)
        .hasMessageContaining("appears twice");
    assertThat(queue.stats().total()).isEqualTo(1);

    queue.putAll(List.of(new TraceJob("new-1", "put-all"), new TraceJob("new-2", "put-all")));
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(TraceJob.runs("put-all")).containsOnlyKeys("existing", "new-1", "new-2");
  }

  @Test
  void putAllStoresEveryColumnAsPutDoes() throws Exception {
    PostgresQueue queue = queue();
    Instant created = Instant.parse("2026-01-02T03:04:05.123456Z");
    List<Job> jobs = new ArrayList<>();
    for (String id : List.of("one-by-one", "in-a-batch", "plain-in-a-batch")) {
      TraceJob job = new TraceJob(id, "columns");
      if (!id.startsWith("plain")) {
        job.setScopes(Set.of("printer", "scanner"));
        job.dependency().addEdge("upstream");
        job.updateTimeInfo(
            JobTimeInfo.empty()
                .withCreated(created)
                .withWaitUntil(created.plus(Duration.ofHours(1)))
                .withDispatchBy(created.plus(Duration.ofHours(2)))
                .withMaxTime(Duration.ofMinutes(5)));
      }
      jobs.add(job);
    }
    queue.put(jobs.get(0));
    queue.putAll(jobs.subList(1, 3));

    String columns =
        "type, version, priority, body::text, completed, errors, err_count, created_at,"
            + " started_at, ended_at, wait_until, dispatch_by, max_time_ms, ready_at, dep_type,"
            + " dep_version, dep_edges, scopes, attempt, max_attempts";
    List<String> single = row(columns, "one-by-one");
    List<String> batched = row(columns, "in-a-batch");
    String singleBody = single.set(3, null);
    String batchedBody = batched.set(3, null);
    assertThat(batchedBody).isEqualTo(singleBody.replace("one-by-one", "in-a-batch"));
    assertThat(batched).isEqualTo(single);
    assertThat(single)
        .contains("{printer,scanner}", "{upstream}", "{}", "300000")
        .contains(Timestamp.from(created.plus(Duration.ofHours(1))).toString());
    List<String> plain =
        row("errors, dep_edges, scopes, wait_until, dispatch_by", "plain-in-a-batch");
    assertThat(plain).containsExactly("{}", "{}", "{}", null, null);
    assertThat(queue.get("in-a-batch").orElseThrow().scopes())
        .containsExactlyInAnyOrder("printer", "scanner");
    assertThat(queue.get("in-a-batch").orElseThrow().dependency().edges())
        .containsExactly("upstream");
  }

  @Test
  void aBatchOfPlainJobsStoresEveryColumnAsPutDoes() throws Exception {
    PostgresQueue queue = queue();
    Instant created = Instant.parse("2026-01-02T03:04:05.123456Z");
    List<Job> jobs = new ArrayList<>();
    for (String id : List.of("plain-one-by-one", "plain-batched", "plain-batched-too")) {
      TraceJob job = new TraceJob(id, "plain-columns");
      job.setPriority(4);
      job.headers().put("traceparent", "00-a-b-01");
      job.updateTimeInfo(JobTimeInfo.empty().withCreated(created));
      jobs.add(job);
    }
    queue.put(jobs.get(0));
    queue.putAll(jobs.subList(1, 3));
    assertThat(
            queue.putAllSkippingExisting(
                List.of(
                    new TraceJob("plain-batched", "x"),
                    new TraceJob("plain-new", "plain-columns"))))
        .containsExactly("plain-batched");

    String columns =
        "type, version, priority, body::text, completed, in_progress, dropped, canceled, owner,"
            + " mod_count, errors, err_count, created_at, started_at, ended_at, wait_until,"
            + " dispatch_by, max_time_ms, ready_at, dep_type, dep_version, dep_edges, scopes,"
            + " attempt, max_attempts";
    List<String> single = row(columns, "plain-one-by-one");
    List<String> batched = row(columns, "plain-batched");
    assertThat(batched).isEqualTo(single);
    // what the full insert would store for these jobs: the table's defaults
    assertThat(
            row(
                "priority, completed, in_progress, dropped, canceled, owner, mod_count, errors,"
                    + " err_count, started_at, ended_at, wait_until, dispatch_by, max_time_ms,"
                    + " ready_at = created_at, dep_type, dep_version, dep_edges, scopes, attempt,"
                    + " max_attempts",
                "plain-one-by-one"))
        .containsExactly(
            "4", "false", "false", "false", "false", "", "0", "{}", "0", null, null, null, null,
            null, "true", "always", "0", "{}", "{}", "1", null);
    assertThat(queue.get("plain-batched-too").orElseThrow().headers())
        .containsEntry("traceparent", "00-a-b-01");
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(TraceJob.runs("plain-columns"))
        .containsOnlyKeys("plain-one-by-one", "plain-batched", "plain-batched-too", "plain-new");
  }

  private List<String> row(String columns, String jobId) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + columns + " FROM " + SCHEMA + ".jobs WHERE queue = ? AND id = ?")) {
      statement.setString(1, name);
      statement.setString(2, jobId);
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).as("row of job '%s'", jobId).isTrue();
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object value = rs.getObject(i);
          values.add(value == null ? null : value.toString());
        }
        return values;
      }
    }
  }

  @Test
  void putAllSkippingExistingReportsWhatItSkipped() throws Exception {
    PostgresQueue queue = queue();
    queue.put(new TraceJob("a", "skip"));
    List<String> skipped =
        queue.putAllSkippingExisting(
            List.of(
                new TraceJob("a", "skip"),
                new TraceJob("b", "skip"),
                new TraceJob("c", "skip"),
                new TraceJob("b", "skip")));
    assertThat(skipped).containsExactly("a", "b");
    assertThat(queue.stats().total()).isEqualTo(3);
    assertThat(queue.putAllSkippingExisting(List.of())).isEmpty();
  }

  @Test
  void interceptorsWrapEveryRunOfAStoredJobOnTheWorkerThread() throws Exception {
    PostgresQueue queue = queue();
    List<String> calls = new CopyOnWriteArrayList<>();
    queue.addInterceptor(
        (q, job, context, chain) -> {
          calls.add("outer>" + job.id() + "@" + Thread.currentThread().getName());
          chain.proceed();
          calls.add("outer<" + job.id());
        });
    queue.addInterceptor(
        (q, job, context, chain) -> {
          calls.add("inner>" + job.id());
          chain.proceed();
        });
    assertThat(queue.interceptors()).hasSize(2);
    queue.put(new TraceJob("wrapped", "intercept"));
    queue.start();

    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(calls).hasSize(3);
    assertThat(calls.get(0)).startsWith("outer>wrapped@amboy-" + name + "-worker-");
    assertThat(calls.subList(1, 3)).containsExactly("inner>wrapped", "outer<wrapped");
    assertThat(TraceJob.runs("intercept")).containsOnlyKeys("wrapped");
  }

  @Test
  void localOnlyJobsAreRefusedWithTheSerializersMessage() {
    PostgresQueue queue = queue();
    assertThatThrownBy(() -> queue.put(Jobs.of("lambda-1", context -> {})))
        .isInstanceOf(JobSerializationException.class)
        .hasMessageContaining("local-only")
        .hasMessageContaining("lambda-1");
    assertThat(queue.stats().total()).isZero();
  }

  @Test
  void deleteRemovesPendingAndCompletedJobsButNotRunningOnes() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue queue = queue();
    queue.put(new ContractJob("done", ledger));
    queue.put(new ContractJob("blocking", ledger).waitForGate());
    queue.start();
    assertThat(Amboy.waitJob(queue, "done", WAIT)).isTrue();
    await().atMost(WAIT).until(() -> ledger.started("blocking"));
    queue.put(withWaitUntil(new ContractJob("pending", ledger), Duration.ofMinutes(10)));

    assertThat(queue.delete("pending")).isTrue();
    assertThat(queue.get("pending")).isEmpty();
    assertThat(queue.delete("done")).isTrue();
    assertThat(queue.delete("nobody")).isFalse();
    assertThatThrownBy(() -> queue.delete("blocking"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'blocking'")
        .hasMessageContaining("running");
    QueueStats stats = queue.stats();
    assertThat(stats.completed()).as("a deleted completed job still counts").isEqualTo(1);
    assertThat(stats.total()).isEqualTo(2);
    ledger.openGate();
    assertThat(Amboy.waitJob(queue, "blocking", WAIT)).isTrue();
  }

  private static Job withWaitUntil(Job job, Duration delay) {
    job.updateTimeInfo(
        dev.amboy.JobTimeInfo.empty().withWaitUntil(java.time.Instant.now().plus(delay)));
    return job;
  }

  @Test
  void retentionDeletesOldCompletedRowsAndKeepsTheirCounts() throws Exception {
    SettableClock clock = SettableClock.now();
    PostgresQueue queue = queue(b -> b.clock(clock).completedRetention(Duration.ofDays(1)));
    for (int i = 0; i < 5; i++) {
      queue.put(new TraceJob("old-" + i, "retention"));
    }
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(queue.pruneCompleted()).isZero();

    clock.advance(Duration.ofDays(2));
    queue.put(new TraceJob("new", "retention"));
    assertThat(Amboy.waitJob(queue, "new", WAIT)).isTrue();
    assertThat(queue.pruneCompleted()).isEqualTo(5);

    assertThat(queue.get("old-0")).isEmpty();
    assertThat(queue.get("new")).isPresent();
    QueueStats stats = queue.stats();
    assertThat(stats.completed()).isEqualTo(6);
    assertThat(stats.total()).isEqualTo(6);
    assertThat(queue(b -> b.completedRetention(Duration.ZERO)).pruneCompleted()).isZero();
  }

  @Test
  void everyFinishedAttemptOfARetriedJobIsARow() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue queue =
        queue(b -> b.retryPolicy(RetryPolicy.of(3, Backoff.fixed(Duration.ofMillis(10)))));
    queue.put(new ContractJob("flaky", ledger).failFirstAttempts(2));
    queue.start();
    assertThat(Amboy.waitJob(queue, "flaky", WAIT)).isTrue();

    List<JobAttempt> attempts = queue.attempts("flaky");
    assertThat(attempts).extracting(JobAttempt::attempt).containsExactly(1, 2);
    assertThat(attempts.get(0).errors())
        .containsExactly("java.lang.IllegalStateException: attempt 1 failed");
    assertThat(attempts.get(1).start()).isAfter(attempts.get(0).start());
    assertThat(queue.get("flaky").orElseThrow().retryInfo().previous()).isEqualTo(attempts);
    assertThat(queue.get("flaky").orElseThrow().errors()).isEmpty();
  }

  @Test
  void aPutWakesAnIdleQueueInAnotherInstanceLongBeforeItsPoll() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue consumer = queue(b -> b.pollInterval(Duration.ofMinutes(5)));
    consumer.put(new ContractJob("first", ledger));
    consumer.start();
    assertThat(Amboy.waitJob(consumer, "first", WAIT)).isTrue();

    PostgresQueue producer = queue();
    producer.put(new ContractJob("second", ledger));
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.runs("second") == 1);
    assertThat(producer.info().started()).isFalse();
  }

  @Test
  void withBatchingOffABacklogRunsOnEveryWorkerAtOnce() throws Exception {
    Ledger ledger = Ledger.create();
    int workers = 6;
    PostgresQueue queue =
        queue(
            b ->
                b.workers(workers)
                    .claimBatchSize(1)
                    .completionBatchSize(1)
                    .completionFlushInterval(Duration.ZERO)
                    .pollInterval(Duration.ofMinutes(5)));
    for (int i = 0; i < workers + 2; i++) {
      queue.put(new ContractJob("held-" + i, ledger).waitForGate());
    }
    queue.start();
    try {
      // no poll and no notification comes: each claim that finds a job brings in the next worker
      await().atMost(Duration.ofSeconds(20)).until(() -> ledger.running() == workers);
      assertThat(queue.stats().running()).isEqualTo(workers);
    } finally {
      ledger.openGate();
    }
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(ledger.maxConcurrency()).isEqualTo(workers);
  }

  @Test
  void aRunWhoseLockIsTakenAwayIsInterruptedAndNotCompleted() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue queue = queue(b -> b.lockTimeout(Duration.ofMillis(400)));
    queue.put(new ContractJob("contested", ledger).waitForGate());
    queue.start();
    await().atMost(WAIT).until(() -> ledger.started("contested"));

    update(
        "UPDATE "
            + SCHEMA
            + ".jobs SET owner = 'intruder', mod_count = mod_count + 1,"
            + " updated_at = now() + interval '1 hour' WHERE queue = ? AND id = 'contested'");

    await().atMost(WAIT).until(() -> ledger.wasInterrupted("contested"));
    Job job = queue.get("contested").orElseThrow();
    assertThat(job.status().owner()).isEqualTo("intruder");
    assertThat(job.status().completed()).isFalse();
    assertThat(ledger.runs("contested")).isZero();
  }

  @Test
  void aJobClaimedAgainAfterItsLockWasLostCompletesOnlyThroughItsNewRun() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue queue = queue(b -> b.workers(2));
    queue.put(new ContractJob("again", ledger).waitForGate());
    queue.start();
    await().atMost(WAIT).until(() -> ledger.started("again"));

    update(
        "UPDATE "
            + SCHEMA
            + ".jobs SET in_progress = false, owner = '',"
            + " mod_count = mod_count + 1 WHERE queue = ? AND id = 'again'");

    await().atMost(WAIT).until(() -> ledger.wasInterrupted("again"));
    assertThat(queue.get("again").orElseThrow().status().inProgress())
        .as("claimed again by the same instance")
        .isTrue();
    ledger.openGate();
    assertThat(Amboy.waitJob(queue, "again", WAIT)).isTrue();
    assertThat(ledger.runs("again")).isEqualTo(1);
    assertThat(queue.get("again").orElseThrow().errors()).isEmpty();
  }

  @Test
  void aStaleLockIsTakenOverAndItsScopesFreed() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue queue = queue(b -> b.lockTimeout(Duration.ofMillis(500)));
    queue.put(new ContractJob("abandoned", ledger).scopes("printer"));
    queue.put(new ContractJob("waiting-for-printer", ledger).scopes("printer"));
    update(
        "UPDATE "
            + SCHEMA
            + ".jobs SET in_progress = true, owner = 'dead-process',"
            + " mod_count = 1, updated_at = now() - interval '1 hour'"
            + " WHERE queue = ? AND id = 'abandoned'");
    update(
        "INSERT INTO "
            + SCHEMA
            + ".scopes (queue, scope, job_id) VALUES (?, 'printer',"
            + " 'abandoned')");
    assertThat(queue.stats().running()).isEqualTo(1);

    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(ledger.runs("abandoned")).isEqualTo(1);
    assertThat(ledger.runs("waiting-for-printer")).isEqualTo(1);
    assertThat(queue.stats().completed()).isEqualTo(2);
  }

  @Test
  void closeReleasesBufferedAndInterruptedJobsAtOnce() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue first = queue(b -> b.workers(1).claimBatchSize(10));
    // quick jobs first: a single worker that empties its buffer within each round trip claims
    // more per round, so that the gated jobs behind them arrive several at a time
    for (int i = 0; i < 20; i++) {
      first.put(new ContractJob("quick-" + i, ledger));
    }
    for (int i = 0; i < 10; i++) {
      first.put(new ContractJob("gated-" + i, ledger).waitForGate());
    }
    first.start();
    await().atMost(WAIT).until(() -> ledger.startedCount() == 21);
    assertThat(first.stats().running())
        .as("claimed: one gated job running and more buffered")
        .isGreaterThan(1);

    first.close(Duration.ZERO);

    QueueStats afterClose = first.stats();
    assertThat(afterClose.running()).isZero();
    assertThat(afterClose.pending()).isEqualTo(10);
    ledger.openGate();
    PostgresQueue second = queue(b -> b.workers(4));
    second.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.allRuns().size() == 30);
    assertThat(ledger.allRuns().values()).allMatch(count -> count == 1);
  }

  @Test
  void longJobsAreNotHeldAwayFromAnotherInstance() throws Exception {
    Ledger ledger = Ledger.create();
    PostgresQueue first = queue(b -> b.workers(2).claimBatchSize(32));
    for (int i = 0; i < 20; i++) {
      first.put(new ContractJob("gated-" + i, ledger).waitForGate());
    }
    first.start();
    await().atMost(WAIT).until(() -> ledger.startedCount() == 2);
    assertThat(first.stats().running())
        .as("the two running jobs and at most one claim ahead of them, not a batch of 32")
        .isBetween(2L, 4L);

    PostgresQueue second = queue(b -> b.workers(2).claimBatchSize(32));
    second.start();
    await().atMost(WAIT).until(() -> ledger.startedCount() == 4);

    ledger.openGate();
    await().atMost(WAIT).until(() -> ledger.allRuns().size() == 20);
    assertThat(ledger.allRuns().values()).allMatch(count -> count == 1);
  }

  @Test
  void aBacklogOfShortJobsIsClaimedInBatchesUpToTheClaimBatchSize() throws Exception {
    AtomicInteger claims = new AtomicInteger();
    DataSource counting = countingClaims(TestDatabase.dataSource(), claims);
    Ledger ledger = Ledger.create();
    PostgresQueue queue =
        new PostgresQueue(
            PostgresQueueOptions.builder(name, counting, registry)
                .schema(SCHEMA)
                .workers(2)
                .claimBatchSize(128)
                .build());
    opened.add(queue);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      jobs.add(new ContractJob("short-" + i, ledger));
    }
    queue.putAll(jobs);

    queue.start();
    await().atMost(WAIT).until(() -> queue.stats().completed() == 2_000);

    assertThat(ledger.allRuns().values()).hasSize(2_000).allMatch(count -> count == 1);
    assertThat(claims.get())
        .as("claim statements for 2,000 jobs: from one job per claim up to 128")
        .isBetween(2_000 / 128, 200);
  }

  /** Counts the claim statements prepared on the data source's connections. */
  private static DataSource countingClaims(DataSource dataSource, AtomicInteger claims) {
    InvocationHandler connections =
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            Connection connection = (Connection) invoke(dataSource, method, args);
            return Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (p, m, a) -> {
                  if (m.getName().equals("prepareStatement")
                      && ((String) a[0]).contains("picked AS")) {
                    claims.incrementAndGet();
                  }
                  return invoke(connection, m, a);
                });
          }
          return invoke(dataSource, method, args);
        };
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, connections);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A job that can record a result in its fields while it runs. */
  static final class ResultJob extends AbstractJob {

    static final JobType TYPE = JobType.of("result-job", 1);

    private long size;
    private boolean records;
    private String result;

    ResultJob() {
      super(TYPE);
    }

    ResultJob(String id, long size, boolean records) {
      super(id, TYPE);
      this.size = size;
      this.records = records;
    }

    @Override
    public void run(JobContext context) {
      if (records) {
        result = "read " + size + " rows";
      }
    }
  }

  /** A job that changes what its row's columns hold while it runs. */
  static final class RestlessJob extends AbstractJob {

    static final JobType TYPE = JobType.of("restless-job", 1);
    static final Instant DEADLINE = Instant.parse("2030-01-02T03:04:05.678901Z");

    RestlessJob() {
      super(TYPE);
    }

    RestlessJob(String id) {
      super(id, TYPE);
    }

    @Override
    public void run(JobContext context) {
      setPriority(9);
      headers().put("stage", "ran");
      dependency().addEdge("elsewhere");
      updateTimeInfo(
          JobTimeInfo.empty().withDispatchBy(DEADLINE).withMaxTime(Duration.ofMinutes(3)));
    }
  }

  @Test
  void whatAJobChangesWhileItRunsIsStoredInItsColumnsAndBody() throws Exception {
    registry.register(RestlessJob.TYPE, RestlessJob::new);
    PostgresQueue queue = queue();
    queue.put(new RestlessJob("restless"));
    queue.start();
    await().atMost(WAIT).until(() -> queue.stats().completed() == 1);

    Job read = queue.get("restless").orElseThrow();
    assertThat(read.priority()).isEqualTo(9);
    assertThat(read.headers()).containsEntry("stage", "ran");
    assertThat(read.dependency().edges()).containsExactly("elsewhere");
    assertThat(read.timeInfo().dispatchBy()).isEqualTo(RestlessJob.DEADLINE);
    assertThat(read.timeInfo().maxTime()).isEqualTo(Duration.ofMinutes(3));
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT priority, dep_edges::text, dispatch_by, max_time_ms, body ->> 'headers'"
                    + " FROM "
                    + SCHEMA
                    + ".jobs WHERE queue = ? AND id = 'restless'")) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(9);
        assertThat(rs.getString(2)).isEqualTo("{elsewhere}");
        assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(RestlessJob.DEADLINE);
        assertThat(rs.getLong(4)).isEqualTo(180_000L);
        assertThat(rs.getString(5)).isEqualTo("{\"stage\": \"ran\"}");
      }
    }
  }

  @Test
  void aCompletionKeepsTheStoredEnvelopeUnlessTheJobChangedItsFields() throws Exception {
    registry.register(ResultJob.TYPE, ResultJob::new);
    PostgresQueue queue = queue();
    queue.put(new ResultJob("quiet", 5_000_000_000L, false));
    queue.put(new ResultJob("recording", 7, true));
    queue.start();
    await().atMost(WAIT).until(() -> queue.stats().completed() == 2);

    // the body of a job that changed nothing but its status and times stays as it was put: only
    // its own fields, because the columns hold the rest
    assertThat(envelope("quiet", ""))
        .isEqualTo("{\"job\": {\"size\": 5000000000, \"result\": null, \"records\": false}}");
    assertThat(envelope("recording", "job,result")).isEqualTo("read 7 rows");
    assertThat(envelope("recording", "status")).isNull();
    for (String id : List.of("quiet", "recording")) {
      Job read = queue.get(id).orElseThrow();
      assertThat(read.status().completed()).as(id).isTrue();
      assertThat(read.status().inProgress()).as(id).isFalse();
      assertThat(read.timeInfo().start()).as(id).isNotNull();
      assertThat(read.timeInfo().end()).as(id).isAfterOrEqualTo(read.timeInfo().start());
    }
    ResultJob quiet = (ResultJob) queue.get("quiet").orElseThrow();
    ResultJob recording = (ResultJob) queue.get("recording").orElseThrow();
    assertThat(quiet.size).isEqualTo(5_000_000_000L);
    assertThat(quiet.result).isNull();
    assertThat(recording.result).isEqualTo("read 7 rows");
  }

  /** A value of the stored body of a job of this test's queue, by its path ("" for all of it). */
  private String envelope(String id, String path) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT body #>> ?::text[] FROM " + SCHEMA + ".jobs WHERE queue = ? AND id = ?")) {
      statement.setString(1, "{" + path + "}");
      statement.setString(2, name);
      statement.setString(3, id);
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).as("row of job '%s'", id).isTrue();
        return rs.getString(1);
      }
    }
  }

  @Test
  void aRowStoredWithTheWholeEnvelopeReadsWithItsColumnsWinning() throws Exception {
    PostgresQueue queue = queue();
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + SCHEMA
                    + ".jobs (queue, id, type, version, priority, body, created_at, ready_at,"
                    + " scopes) VALUES (?, 'whole', 'trace-job', 1, 3, ?::jsonb,"
                    + " '2026-03-04T05:06:07.123456Z', now(), '{printer}')")) {
      insert.setString(1, name);
      insert.setString(
          2,
          "{\"id\":\"whole\",\"type\":\"trace-job\",\"version\":1,\"priority\":9,"
              + "\"status\":{\"completed\":true,\"mod_count\":4},"
              + "\"time_info\":{\"created\":\"2020-01-01T00:00:00Z\"},"
              + "\"scopes\":[\"scanner\"],\"headers\":{\"traceparent\":\"00-a-b-01\"},"
              + "\"job\":{\"trace\":\"whole-envelope\"},"
              + "\"dependency\":{\"type\":\"always\"}}");
      insert.executeUpdate();
    }

    Job read = queue.get("whole").orElseThrow();
    assertThat(read.priority()).isEqualTo(3);
    assertThat(read.status().completed()).isFalse();
    assertThat(read.status().modificationCount()).isZero();
    assertThat(read.timeInfo().created()).isEqualTo("2026-03-04T05:06:07.123456Z");
    assertThat(read.scopes()).containsExactly("printer");
    assertThat(read.headers()).containsEntry("traceparent", "00-a-b-01");
    queue.start();
    await().atMost(WAIT).until(() -> queue.stats().completed() == 1);
    assertThat(TraceJob.runs("whole-envelope")).containsOnlyKeys("whole");
  }

  @Test
  void aDependencysOwnFieldsAndARetryPolicyAreKeptInTheBody() throws Exception {
    PostgresQueue queue = queue();
    TraceJob job = new TraceJob("with-extras", "extras");
    job.setDependency(new CreatesFile("/var/reports/daily.csv"));
    job.dependency().addEdge("upstream");
    job.setRetryInfo(
        RetryInfo.initial().withPolicy(RetryPolicy.of(4, Backoff.fixed(Duration.ofSeconds(2)))));
    queue.put(job);

    assertThat(envelope("with-extras", "dependency,dependency,fileName"))
        .isEqualTo("/var/reports/daily.csv");
    assertThat(envelope("with-extras", "dependency,edges")).as("edges live in a column").isNull();
    assertThat(row("dep_type, dep_edges, max_attempts", "with-extras"))
        .containsExactly("create-file", "{upstream}", "4");
    Job read = queue.get("with-extras").orElseThrow();
    assertThat(read.dependency()).isInstanceOf(CreatesFile.class);
    assertThat(((CreatesFile) read.dependency()).fileName()).isEqualTo("/var/reports/daily.csv");
    assertThat(read.dependency().edges()).containsExactly("upstream");
    assertThat(read.retryInfo().policy().maxAttempts()).isEqualTo(4);
  }

  @Test
  void aJobsTimesAreKeptAtTheRowsPrecision() throws Exception {
    PostgresQueue queue = queue();
    Instant created = Instant.parse("2026-05-06T07:08:09.123456789Z");
    TraceJob job = new TraceJob("precise", "precision");
    job.updateTimeInfo(
        JobTimeInfo.empty()
            .withCreated(created)
            .withWaitUntil(created.plusNanos(1))
            .withMaxTime(Duration.ofNanos(1_500_001)));
    queue.put(job);

    JobTimeInfo stored = job.timeInfo();
    assertThat(stored.created()).isEqualTo("2026-05-06T07:08:09.123456Z");
    assertThat(stored.waitUntil()).isEqualTo("2026-05-06T07:08:09.123456Z");
    assertThat(stored.maxTime()).as("a limit stays a limit").isEqualTo(Duration.ofMillis(2));
    assertThat(queue.get("precise").orElseThrow().timeInfo()).isEqualTo(stored);
  }

  @Test
  void saveChangesAPendingJobAndRefusesWhenAnotherOwnerHoldsIt() throws Exception {
    PostgresQueue queue = queue();
    queue.put(new TraceJob("to-change", "save"));
    Job stored = queue.get("to-change").orElseThrow();
    stored.setPriority(9);
    stored.headers().put("owner-team", "billing");
    Instant backdated = Instant.parse("2025-12-31T23:59:59.999999999Z");
    stored.updateTimeInfo(
        JobTimeInfo.empty().withCreated(backdated).withMaxTime(Duration.ofSeconds(30)));
    queue.save(stored);
    Job saved = queue.get("to-change").orElseThrow();
    assertThat(saved.priority()).isEqualTo(9);
    assertThat(saved.headers()).containsEntry("owner-team", "billing");
    assertThat(saved.timeInfo().created()).isEqualTo("2025-12-31T23:59:59.999999Z");
    assertThat(saved.timeInfo().maxTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(saved.timeInfo()).isEqualTo(stored.timeInfo());

    update(
        "UPDATE "
            + SCHEMA
            + ".jobs SET in_progress = true, owner = 'someone-else',"
            + " updated_at = now() WHERE queue = ? AND id = 'to-change'");
    assertThatThrownBy(() -> queue.save(stored))
        .isInstanceOf(LockNotHeldException.class)
        .hasMessageContaining("to-change");
  }

  @Test
  void startFailsClearlyWithoutTheSchema() {
    PostgresQueue queue = queue(b -> b.schema("no_such_schema"));
    assertThatThrownBy(queue::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no_such_schema")
        .hasMessageContaining("PostgresSchema.create");
    assertThatThrownBy(() -> queue.put(new TraceJob("x", "x")))
        .hasMessageContaining("PostgresSchema.create");
  }

  private void update(String sql) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, name);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  static long count(String sql) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
