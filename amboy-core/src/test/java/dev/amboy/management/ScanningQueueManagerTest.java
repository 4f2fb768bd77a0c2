package dev.amboy.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.job.AbstractJob;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.queue.TestQueues;
import dev.amboy.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ScanningQueueManagerTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private final SettableClock clock = new SettableClock(T0);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final List<Queue> queues = new ArrayList<>();

  @AfterEach
  void closeQueues() {
    gate.countDown();
    queues.forEach(Queue::close);
  }

  private Queue queue(String name, int workers) {
    Queue queue =
        Queues.limitedSize(LocalQueueOptions.builder(name).workers(workers).clock(clock).build());
    queues.add(queue);
    return queue;
  }

  private DeletableJobQueue deletableQueue(String name) {
    DeletableJobQueue queue =
        TestQueues.deletable(LocalQueueOptions.builder(name).workers(2).clock(clock).build());
    queues.add(queue);
    return queue;
  }

  /**
   * A queue holding jobs in every state: pending a-1, a-2, b-1; stale running a-stale (locked at
   * T0, now 11 minutes later); fresh running b-running; completed a-done.
   */
  private Queue queueInEveryState() {
    Queue queue = queue("states", 4);
    queue.put(new TestJob("a-stale", "a", gate));
    queue.start();
    awaitRunning(queue, "a-stale");
    clock.advance(Duration.ofMinutes(11));
    queue.put(new TestJob("b-running", "b", gate));
    awaitRunning(queue, "b-running");
    queue.put(completed("a-done", "a", T0, T0, T0.plusSeconds(1)));
    return queue;
  }

  /** Adds pending jobs a-1, a-2 and b-1, deferred a day so that no worker takes them. */
  private static void addPending(Queue queue) {
    queue.put(deferred("a-1", "a"));
    queue.put(deferred("a-2", "a"));
    queue.put(deferred("b-1", "b"));
  }

  private static TestJob deferred(String id, String type) {
    TestJob job = new TestJob(id, type);
    job.setTimeInfo(JobTimeInfo.empty().withCreated(T0).withWaitUntil(T0.plus(Duration.ofDays(1))));
    return job;
  }

  @Test
  void jobStatusCountsEachStateByTypeWithTheCompletedFilterCountingCompletedJobs() {
    Queue queue = queueInEveryState();
    addPending(queue);
    QueueManager manager = QueueManagers.scanning(queue, clock);

    assertThat(manager.jobStatus(StatusFilter.PENDING).data())
        .containsExactly(new JobCounters("a", 2, null), new JobCounters("b", 1, null));
    assertThat(manager.jobStatus(StatusFilter.IN_PROGRESS).data())
        .containsExactly(new JobCounters("b", 1, null));
    assertThat(manager.jobStatus(StatusFilter.STALE).data())
        .containsExactly(new JobCounters("a", 1, null));
    assertThat(manager.jobStatus(StatusFilter.COMPLETED).data())
        .containsExactly(new JobCounters("a", 1, null));
    assertThat(manager.jobStatus(StatusFilter.ALL).data())
        .containsExactly(new JobCounters("a", 4, null), new JobCounters("b", 2, null));
    assertThat(manager.jobStatus(StatusFilter.ALL).filter()).isEqualTo(StatusFilter.ALL);
  }

  @Test
  void jobIdsByStateAcceptsEveryFilterIncludingAllAndListsSortedIdsOfOneType() {
    Queue queue = queueInEveryState();
    addPending(queue);
    QueueManager manager = QueueManagers.scanning(queue, clock);

    assertThat(manager.jobIdsByState("a", StatusFilter.ALL).jobs())
        .containsExactly("a-1", "a-2", "a-done", "a-stale");
    assertThat(manager.jobIdsByState("a", StatusFilter.PENDING).jobs())
        .containsExactly("a-1", "a-2");
    assertThat(manager.jobIdsByState("a", StatusFilter.STALE).jobs()).containsExactly("a-stale");
    assertThat(manager.jobIdsByState("a", StatusFilter.IN_PROGRESS).jobs()).isEmpty();
    assertThat(manager.jobIdsByState("b", StatusFilter.IN_PROGRESS).jobs())
        .containsExactly("b-running");
    assertThat(manager.jobIdsByState("a", StatusFilter.COMPLETED))
        .isEqualTo(new JobReportIds("a", StatusFilter.COMPLETED, List.of("a-done"), null));
    assertThat(manager.jobIdsByState("nobody", StatusFilter.ALL).jobs()).isEmpty();
  }

  @Test
  void durationAveragesEndMinusStartOfJobsThatEndedInsideTheWindow() {
    Queue queue = queue("timing", 1);
    Instant now = clock.instant();
    queue.put(
        completed("a-1", "a", now.minusSeconds(100), now.minusSeconds(50), now.minusSeconds(40)));
    queue.put(
        completed("a-2", "a", now.minusSeconds(100), now.minusSeconds(50), now.minusSeconds(20)));
    queue.put(
        completed("b-1", "b", now.minusSeconds(100), now.minusSeconds(9), now.minusSeconds(5)));
    // ended before the window: not counted
    queue.put(
        completed(
            "a-old", "a", now.minusSeconds(900), now.minusSeconds(800), now.minusSeconds(61)));
    QueueManager manager = QueueManagers.scanning(queue, clock);

    JobRuntimeReport report = manager.recentTiming(Duration.ofMinutes(1), RuntimeFilter.DURATION);

    assertThat(report.filter()).isEqualTo(RuntimeFilter.DURATION);
    assertThat(report.period()).isEqualTo(Duration.ofMinutes(1));
    assertThat(report.data())
        .containsExactly(
            new JobRuntimes("a", Duration.ofSeconds(20), 2, null),
            new JobRuntimes("b", Duration.ofSeconds(4), 1, null));
  }

  @Test
  void latencyAveragesStartMinusCreatedOfStartedJobsCreatedInsideTheWindow() {
    Queue queue = queue("latency", 1);
    Instant now = clock.instant();
    queue.put(
        completed("a-1", "a", now.minusSeconds(30), now.minusSeconds(27), now.minusSeconds(1)));
    queue.put(
        completed("a-2", "a", now.minusSeconds(30), now.minusSeconds(25), now.minusSeconds(1)));
    // created before the window: not counted
    queue.put(
        completed("a-old", "a", now.minusSeconds(120), now.minusSeconds(10), now.minusSeconds(1)));
    QueueManager manager = QueueManagers.scanning(queue, clock);
    // a running job created at "now" that started 7 seconds later
    clock.advance(Duration.ofSeconds(1));
    queue.put(new TestJob("b-running", "b", gate));
    clock.advance(Duration.ofSeconds(7));
    queue.start();
    awaitRunning(queue, "b-running");
    // a pending job has not started: not counted
    queue.put(deferred("b-pending", "b"));

    assertThat(manager.recentTiming(Duration.ofMinutes(1), RuntimeFilter.LATENCY).data())
        .containsExactly(
            new JobRuntimes("a", Duration.ofSeconds(4), 2, null),
            new JobRuntimes("b", Duration.ofSeconds(7), 1, null));
  }

  @Test
  void runningAveragesHowLongInProgressJobsHaveRun() {
    Queue queue = queue("running", 2);
    queue.put(new TestJob("a-1", "a", gate));
    queue.start();
    awaitRunning(queue, "a-1");
    clock.advance(Duration.ofSeconds(10));
    queue.put(new TestJob("a-2", "a", gate));
    awaitRunning(queue, "a-2");
    clock.advance(Duration.ofSeconds(4));
    queue.put(completed("a-done", "a", T0, T0, T0.plusSeconds(1)));
    QueueManager manager = QueueManagers.scanning(queue, clock);

    // a-1 has run 14s, a-2 4s; the completed job does not count
    assertThat(manager.recentTiming(Duration.ofSeconds(1), RuntimeFilter.RUNNING).data())
        .containsExactly(new JobRuntimes("a", Duration.ofSeconds(9), 2, null));
  }

  @Test
  void windowsShorterThanOneSecondAndMissingArgumentsAreRejectedNamingTheValue() {
    QueueManager manager = QueueManagers.scanning(queue("args", 1), clock);

    assertThatThrownBy(() -> manager.recentTiming(Duration.ofMillis(999), RuntimeFilter.DURATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be >= PT1S but was PT0.999S");
    assertThatThrownBy(() -> manager.recentErrors(null, ErrorFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be >= PT1S but was null");
    assertThatThrownBy(() -> manager.recentTiming(Duration.ofSeconds(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter must be set but was null");
    assertThatThrownBy(() -> manager.recentErrors(Duration.ofSeconds(1), null))
        .hasMessage("filter must be set but was null");
    assertThatThrownBy(() -> manager.jobStatus(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter must be set but was null");
    assertThatThrownBy(() -> manager.jobIdsByState(" ", StatusFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobType must not be blank but was ' '");
    assertThatThrownBy(() -> manager.recentJobErrors(null, Duration.ofSeconds(5), ErrorFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobType must not be blank but was null");
    assertThatThrownBy(() -> manager.completeJobsByType(StatusFilter.ALL, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobType must not be blank but was ''");
    assertThatThrownBy(() -> manager.completeJob(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobId must not be blank but was null");
    assertThatThrownBy(() -> QueueManagers.scanning(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue must be set but was null");
  }

  @Test
  void errorReportsCountTotalAndAverageErrorsOfJobsThatCompletedInsideTheWindow() {
    Queue queue = queue("errors", 1);
    Instant now = clock.instant();
    Instant start = now.minusSeconds(30);
    queue.put(completed("a-1", "a", start, start, now.minusSeconds(10), "boom", "bang"));
    queue.put(completed("a-2", "a", start, start, now.minusSeconds(5), "boom"));
    queue.put(completed("a-ok", "a", start, start, now.minusSeconds(5)));
    queue.put(completed("b-1", "b", start, start, now.minusSeconds(5), "bad input"));
    // ended before the window
    queue.put(completed("b-old", "b", start, start, now.minusSeconds(120), "ancient"));
    // not completed: errors of a pending job do not count
    TestJob pending = new TestJob("b-pending", "b");
    pending.addError("not yet");
    queue.put(pending);
    QueueManager manager = QueueManagers.scanning(queue, clock);
    Duration window = Duration.ofMinutes(1);

    JobErrorsReport all = manager.recentErrors(window, ErrorFilter.ALL);
    assertThat(all.period()).isEqualTo(window);
    assertThat(all.filter()).isEqualTo(ErrorFilter.ALL);
    assertThat(all.data())
        .containsExactly(
            new JobErrorsForType("a", 2, 3, 1.5, List.of("boom", "bang", "boom"), null),
            new JobErrorsForType("b", 1, 1, 1.0, List.of("bad input"), null));
    assertThat(manager.recentErrors(window, ErrorFilter.UNIQUE).data())
        .containsExactly(
            new JobErrorsForType("a", 2, 3, 1.5, List.of("boom", "bang"), null),
            new JobErrorsForType("b", 1, 1, 1.0, List.of("bad input"), null));
    assertThat(manager.recentErrors(window, ErrorFilter.STATS_ONLY).data())
        .containsExactly(
            new JobErrorsForType("a", 2, 3, 1.5, List.of(), null),
            new JobErrorsForType("b", 1, 1, 1.0, List.of(), null));
    assertThat(manager.recentJobErrors("b", Duration.ofMinutes(3), ErrorFilter.ALL).data())
        .containsExactly(
            new JobErrorsForType("b", 2, 2, 1.0, List.of("bad input", "ancient"), null));
  }

  @Test
  void completeJobCompletesAPendingJobThatThenNeverRuns() throws Exception {
    Queue queue = queue("complete-pending", 1);
    TestJob job = new TestJob("a-1", "a");
    queue.put(job);
    queue.put(new TestJob("a-2", "a"));
    QueueManager manager = QueueManagers.scanning(queue, clock);

    manager.completeJob("a-1");

    assertThat(queue.get("a-1").orElseThrow().status().completed()).isTrue();
    queue.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().isComplete());
    assertThat(job.runs.get()).isZero();
    assertThat(queue.stats().completed()).isEqualTo(2);
    assertThat(queue.stats().total()).isEqualTo(2);
    // completing a completed job changes nothing
    manager.completeJob("a-1");
    assertThat(queue.stats().completed()).isEqualTo(2);
  }

  @Test
  void completeJobCompletesARunningJobOnce() {
    Queue queue = queue("complete-running", 1);
    TestJob job = new TestJob("a-1", "a", gate);
    queue.put(job);
    queue.start();
    awaitRunning(queue, "a-1");
    QueueManager manager = QueueManagers.scanning(queue, clock);

    manager.completeJob("a-1");

    assertThat(queue.get("a-1").orElseThrow().status().completed()).isTrue();
    assertThat(queue.stats().running()).isZero();
    gate.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> job.finished.get() == 1);
    assertThat(queue.stats().completed()).isEqualTo(1);
    assertThat(queue.stats().total()).isEqualTo(1);
  }

  @Test
  void completeJobOfAnUnknownIdNamesTheJobAndQueue() {
    QueueManager manager = QueueManagers.scanning(queue("unknown", 1), clock);

    assertThatThrownBy(() -> manager.completeJob("ghost"))
        .isInstanceOf(JobNotDefinedException.class)
        .hasMessage("job 'ghost' is not defined in queue 'unknown'");
  }

  @Test
  void completeJobsRejectsTheCompletedFilter() {
    QueueManager manager = QueueManagers.scanning(queue("reject", 1), clock);

    assertThatThrownBy(() -> manager.completeJobs(StatusFilter.COMPLETED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filter must not be completed");
    assertThatThrownBy(() -> manager.completeJobsByType(StatusFilter.COMPLETED, "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> manager.completeJobs(null))
        .hasMessage("filter must be set but was null");
  }

  @Test
  void completeJobsWithTheStaleFilterCompletesOnlyStaleJobs() {
    Queue queue = queueInEveryState();
    addPending(queue);
    QueueManager manager = QueueManagers.scanning(queue, clock);

    assertThat(manager.completeJobs(StatusFilter.STALE)).isEqualTo(1);

    assertThat(queue.get("a-stale").orElseThrow().status().completed()).isTrue();
    assertThat(queue.get("b-running").orElseThrow().status().completed()).isFalse();
    assertThat(manager.jobStatus(StatusFilter.PENDING).data())
        .extracting(JobCounters::count)
        .containsExactly(2L, 1L);
  }

  @Test
  void completeJobsWithInProgressAndPendingFiltersCompleteOnlyThoseStates() {
    Queue queue = queueInEveryState();
    addPending(queue);
    QueueManager manager = QueueManagers.scanning(queue, clock);

    assertThat(manager.completeJobs(StatusFilter.IN_PROGRESS)).isEqualTo(1);
    assertThat(queue.get("b-running").orElseThrow().status().completed()).isTrue();
    assertThat(queue.get("a-stale").orElseThrow().status().completed()).isFalse();

    assertThat(manager.completeJobsByType(StatusFilter.PENDING, "a")).isEqualTo(2);
    assertThat(manager.jobIdsByState("a", StatusFilter.PENDING).jobs()).isEmpty();
    assertThat(manager.jobIdsByState("b", StatusFilter.PENDING).jobs()).containsExactly("b-1");

    assertThat(manager.completeJobs(StatusFilter.ALL)).isEqualTo(2);
    assertThat(manager.jobStatus(StatusFilter.COMPLETED).data())
        .containsExactly(new JobCounters("a", 4, null), new JobCounters("b", 2, null));
  }

  @Test
  void completeJobsByPatternSearchesIdsWithTheRegularExpression() {
    Queue queue = queue("pattern", 1);
    for (String id : List.of("report-7", "report-12", "cleanup-7", "monthly-report-3")) {
      queue.put(new TestJob(id, "a"));
    }
    QueueManager manager = QueueManagers.scanning(queue, clock);

    assertThat(manager.completeJobsByPattern(StatusFilter.PENDING, "report-\\d")).isEqualTo(3);

    assertThat(manager.jobIdsByState("a", StatusFilter.PENDING).jobs())
        .containsExactly("cleanup-7");
    assertThat(manager.completeJobsByPattern(StatusFilter.ALL, "^cleanup-7$")).isEqualTo(1);
  }

  @Test
  void anInvalidPatternIsRejectedNamingIt() {
    QueueManager manager = QueueManagers.scanning(queue("bad-pattern", 1), clock);

    assertThatThrownBy(() -> manager.completeJobsByPattern(StatusFilter.ALL, "report-(\\d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("idPattern 'report-(\\d' is not a valid regular expression");
    assertThatThrownBy(() -> manager.completeJobsByPattern(StatusFilter.ALL, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idPattern must be set but was null");
  }

  @Test
  void pruningAQueueThatCannotDeleteNamesItAndTheQueueKindsThatCan() {
    QueueManager manager = QueueManagers.scanning(queue("fixed", 1), clock);

    assertThatThrownBy(() -> manager.pruneJobs(T0, 0, StatusFilter.COMPLETED))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("queue 'fixed' (kind 'limited-size') cannot delete jobs")
        .hasMessageContaining("implements dev.amboy.DeletableJobQueue");
  }

  @Test
  void pruneArgumentsAreValidatedTogether() {
    QueueManager manager = QueueManagers.scanning(deletableQueue("prune-args"), clock);

    assertThatThrownBy(() -> manager.pruneJobs(T0.plusSeconds(1), -1, StatusFilter.IN_PROGRESS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "before must not be in the future but was 2026-03-01T12:00:01Z (now is"
                + " 2026-03-01T12:00:00Z)")
        .hasMessageContaining("limit must be >= 0 (0 means no limit) but was -1")
        .hasMessageContaining("filter must not be in-progress");
    assertThatThrownBy(() -> manager.pruneJobs(null, 0, StatusFilter.ALL))
        .hasMessageContaining("before must be set but was null");
  }

  @Test
  void pruneHonoursItsLimitDeletingTheOldestFirst() {
    DeletableJobQueue queue = deletableQueue("prune-limit");
    for (int i = 1; i <= 5; i++) {
      Instant end = T0.minusSeconds(100 - i);
      queue.put(completed("done-" + i, "a", end, end, end));
    }
    QueueManager manager = QueueManagers.scanning(queue, clock);

    assertThat(manager.pruneJobs(T0, 2, StatusFilter.COMPLETED)).isEqualTo(2);
    assertThat(manager.jobIdsByState("a", StatusFilter.ALL).jobs())
        .containsExactly("done-3", "done-4", "done-5");

    assertThat(manager.pruneJobs(T0, 0, StatusFilter.COMPLETED)).isEqualTo(3);
    assertThat(manager.jobIdsByState("a", StatusFilter.ALL).jobs()).isEmpty();
  }

  @Test
  void pruneComparesEndForCompletedAndCreatedForPendingJobs() {
    DeletableJobQueue queue = deletableQueue("prune-times");
    Instant cut = T0.minusSeconds(60);
    queue.put(
        completed(
            "done-old", "a", cut.minusSeconds(90), cut.minusSeconds(80), cut.minusSeconds(1)));
    queue.put(
        completed("done-new", "a", cut.minusSeconds(90), cut.minusSeconds(80), cut.plusSeconds(1)));
    TestJob oldPending = new TestJob("pending-old", "a");
    oldPending.setTimeInfo(JobTimeInfo.empty().withCreated(cut.minusSeconds(5)));
    queue.put(oldPending);
    queue.put(new TestJob("pending-new", "a"));
    QueueManager manager = QueueManagers.scanning(queue, clock);

    assertThat(manager.pruneJobs(cut, 0, StatusFilter.PENDING)).isEqualTo(1);
    assertThat(queue.get("pending-old")).isEmpty();
    assertThat(manager.pruneJobs(cut, 0, StatusFilter.COMPLETED)).isEqualTo(1);
    assertThat(queue.get("done-old")).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(manager.pruneJobs(clock.instant(), 0, StatusFilter.ALL)).isEqualTo(2);
    try (Stream<Job> left = queue.jobs()) {
      assertThat(left).isEmpty();
    }
    assertThat(queue.stats().pending()).isZero();
  }

  @Test
  void pruneNeverDeletesARunningJobAndReportsWhatTheQueueRefused() {
    DeletableJobQueue queue = deletableQueue("prune-stale");
    queue.put(new TestJob("stale", "a", gate));
    queue.start();
    awaitRunning(queue, "stale");
    clock.advance(Duration.ofMinutes(11));
    QueueManager manager = QueueManagers.scanning(queue, clock);
    assertThat(manager.jobIdsByState("a", StatusFilter.STALE).jobs()).containsExactly("stale");

    // this queue's worker still runs the job, so the queue refuses to delete it
    assertThat(manager.pruneJobs(clock.instant(), 0, StatusFilter.STALE)).isZero();
    assertThat(manager.pruneJobs(clock.instant(), 0, StatusFilter.ALL)).isZero();
    assertThat(queue.get("stale")).isPresent();
  }

  @Test
  void aGroupManagerReportsEachQueueAsItsGroupAndFindsJobsInAnyQueue() {
    Queue tenantB = queue("tenant-b", 1);
    Queue tenantA = queue("tenant-a", 1);
    dev.amboy.QueueGroup group =
        Queues.localGroup(
            dev.amboy.queue.LocalQueueGroupOptions.builder("tenants")
                .queueFactory(name -> queue(name, 1))
                .clock(clock)
                .build());
    group.put("tenant-b", tenantB);
    group.put("tenant-a", tenantA);
    tenantA.put(new TestJob("a-1", "report"));
    tenantA.put(new TestJob("a-2", "cleanup"));
    tenantB.put(new TestJob("b-1", "report"));
    tenantB.put(completed("b-done", "report", T0, T0, T0, "failed"));
    QueueManager manager = QueueManagers.scanningGroup(group, clock);

    assertThat(manager.jobStatus(StatusFilter.ALL).data())
        .containsExactly(
            new JobCounters("cleanup", 1, "tenant-a"),
            new JobCounters("report", 1, "tenant-a"),
            new JobCounters("report", 2, "tenant-b"));
    assertThat(manager.jobIdsByState("report", StatusFilter.PENDING))
        .isEqualTo(new JobReportIds("report", StatusFilter.PENDING, List.of("a-1", "b-1"), null));
    assertThat(manager.jobIdsByState("cleanup", StatusFilter.PENDING).group())
        .isEqualTo("tenant-a");
    assertThat(manager.recentErrors(Duration.ofMinutes(1), ErrorFilter.ALL).data())
        .containsExactly(new JobErrorsForType("report", 1, 1, 1.0, List.of("failed"), "tenant-b"));

    manager.completeJob("b-1");
    assertThat(tenantB.get("b-1").orElseThrow().status().completed()).isTrue();
    assertThat(manager.completeJobsByType(StatusFilter.PENDING, "report")).isEqualTo(1);
    assertThat(tenantA.get("a-1").orElseThrow().status().completed()).isTrue();
    assertThatThrownBy(() -> manager.completeJob("ghost"))
        .isInstanceOf(JobNotDefinedException.class)
        .hasMessage("job 'ghost' is not defined in queue 'any of [tenant-a, tenant-b]'");
    assertThatThrownBy(() -> manager.pruneJobs(T0, 0, StatusFilter.ALL))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("queue 'tenant-a'");
    group.close();
  }

  @Test
  void aGroupPruneChecksEveryQueueBeforeDeletingAnything() {
    DeletableJobQueue deletable = deletableQueue("can-delete");
    Queue fixed = queue("cannot-delete", 1);
    dev.amboy.QueueGroup group =
        Queues.localGroup(
            dev.amboy.queue.LocalQueueGroupOptions.builder("mixed")
                .queueFactory(name -> queue(name, 1))
                .clock(clock)
                .build());
    group.put("a-deletable", deletable);
    group.put("b-fixed", fixed);
    deletable.put(completed("done", "a", T0, T0, T0.minusSeconds(1)));
    QueueManager manager = QueueManagers.scanningGroup(group, clock);

    assertThatThrownBy(() -> manager.pruneJobs(T0, 0, StatusFilter.ALL))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("queue 'cannot-delete'");
    assertThat(deletable.get("done")).isPresent();
    group.close();
  }

  private static void awaitRunning(Queue queue, String id) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queue.get(id).map(job -> job.status().inProgress()).orElse(false));
  }

  private static TestJob completed(
      String id, String type, Instant created, Instant start, Instant end, String... errors) {
    TestJob job = new TestJob(id, type);
    job.setTimeInfo(new JobTimeInfo(created, start, end, null, null, null));
    job.setStatus(new JobStatus("", true, false, false, end, 3, List.of(errors)));
    return job;
  }

  /** A job of a given type that counts its runs and can wait on a gate. */
  static final class TestJob extends AbstractJob {
    final transient AtomicInteger runs = new AtomicInteger();
    final transient AtomicInteger finished = new AtomicInteger();
    private final transient CountDownLatch gate;

    TestJob(String id, String type) {
      this(id, type, null);
    }

    TestJob(String id, String type, CountDownLatch gate) {
      super(id, JobType.of(type, 1));
      this.gate = gate;
    }

    @Override
    public void run(JobContext context) throws Exception {
      runs.incrementAndGet();
      try {
        if (gate != null) {
          gate.await();
        }
      } finally {
        finished.incrementAndGet();
      }
    }
  }
}
