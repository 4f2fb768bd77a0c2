package dev.amboy.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobInterceptor;
import dev.amboy.Queue;
import dev.amboy.QueueInfo;
import dev.amboy.QueueListener;
import dev.amboy.QueueStats;
import dev.amboy.Runner;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The appender over a queue the application owns (Go's {@code MakeQueueSender}). */
@Timeout(60)
class SharedQueueAppenderTest {

  private static final Duration AWAIT = Duration.ofSeconds(20);

  private final LoggerContext context = new LoggerContext();
  private Logger logger;
  private Queue queue;

  @BeforeEach
  void setUp() {
    context.setMDCAdapter(new LogbackMDCAdapter());
    logger = context.getLogger("orders");
    logger.setAdditive(false);
  }

  @AfterEach
  void tearDown() {
    context.stop();
    if (queue != null) {
      queue.close();
    }
  }

  @Test
  void eventsTravelAsLocalOnlyJobsOfTheSuppliedQueue() throws Exception {
    queue = Queues.limitedSize("shared", 2, 100);
    queue.start();
    RecordingAppender sink = recording();
    QueueBackedAppender appender = started(new QueueBackedAppender(queue), sink);

    IntStream.range(0, 3).forEach(i -> logger.info("event {}", i));

    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(sink.messages()).containsExactlyInAnyOrder("event 0", "event 1", "event 2");
    assertThat(sink.deliveries())
        .allSatisfy(delivery -> assertThat(delivery.thread()).startsWith("amboy-shared-worker-"));
    // flush waits for delivery inside each job; the queue records completions just after
    assertThat(Amboy.wait(queue, AWAIT)).isTrue();
    try (Stream<Job> jobs = queue.jobs()) {
      assertThat(jobs.toList())
          .hasSize(3)
          .allSatisfy(
              job -> {
                assertThat(job.type()).isEqualTo(QueueBackedAppender.JOB_TYPE);
                assertThat(job.type().isLocalOnly()).isTrue();
                assertThat(job.id()).startsWith("send-log-event-");
                assertThat(job.status().completed()).isTrue();
                assertThat(job.errors()).isEmpty();
              });
    }
  }

  @Test
  void flushWaitsForItsOwnEventsOnlyNotForOtherJobsOfTheQueue() throws Exception {
    queue = Queues.limitedSize("shared", 2, 100);
    queue.start();
    CountDownLatch otherJobMayEnd = new CountDownLatch(1);
    queue.put(Jobs.of("long-running", ctx -> otherJobMayEnd.await()));
    RecordingAppender sink = recording();
    QueueBackedAppender appender = started(new QueueBackedAppender(queue), sink);
    try {
      logger.info("one");
      logger.info("two");

      assertThat(appender.flush(AWAIT)).isTrue();
      assertThat(sink.messages()).containsExactlyInAnyOrder("one", "two");
      assertThat(queue.get("long-running").orElseThrow().status().completed()).isFalse();
      assertThat(Amboy.wait(queue, Duration.ofMillis(20)))
          .as("the queue as a whole is still busy")
          .isFalse();
    } finally {
      otherJobMayEnd.countDown();
    }
    assertThat(Amboy.wait(queue, AWAIT)).isTrue();
  }

  @Test
  void stopDeliversAndStopsTheWrappedAppendersButLeavesTheQueueRunning() throws Exception {
    queue = Queues.limitedSize("shared", 1, 100);
    queue.start();
    RecordingAppender sink = recording();
    QueueBackedAppender appender = started(new QueueBackedAppender(queue), sink);
    IntStream.range(0, 20).forEach(i -> logger.info("event {}", i));

    appender.stop();

    assertThat(sink.messages())
        .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "event " + i).toList());
    assertThat(sink.isStarted()).isFalse();
    assertThat(queue.info().closed()).isFalse();
    CountDownLatch ran = new CountDownLatch(1);
    queue.put(Jobs.of("after-the-appender", ctx -> ran.countDown()));
    assertThat(ran.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void eventsStillQueuedAtStopAreCountedAndNeverReachTheStoppedAppenders() throws Exception {
    queue = Queues.limitedSize("not-started-yet", 1, 100);
    RecordingAppender sink = recording();
    QueueBackedAppender appender = new QueueBackedAppender(queue);
    appender.setFlushTimeout(ch.qos.logback.core.util.Duration.buildByMilliseconds(50));
    started(appender, sink);
    logger.info("one");
    logger.info("two");

    appender.stop();

    assertThat(appender.droppedCount()).isEqualTo(2);
    assertThat(warnings(appender))
        .anySatisfy(
            warning ->
                assertThat(warning)
                    .contains("stopped with 2 log events undelivered")
                    .contains("queue 'not-started-yet'"));
    queue.start();
    assertThat(Amboy.wait(queue, AWAIT)).isTrue();
    assertThat(Amboy.extractErrors(queue)).isEmpty();
    assertThat(sink.deliveries()).isEmpty();
  }

  @Test
  void aFullSuppliedQueueDropsAfterItsOwnPutTimeout() {
    queue =
        Queues.limitedSize(
            LocalQueueOptions.builder("tiny").capacity(1).putTimeout(Duration.ZERO).build());
    RecordingAppender sink = recording();
    QueueBackedAppender appender = started(new QueueBackedAppender(queue), sink);

    logger.info("kept");
    logger.info("dropped");

    assertThat(appender.droppedCount()).isEqualTo(1);
    assertThat(warnings(appender))
        .singleElement()
        .asString()
        .contains("QueueFullException")
        .contains("queue 'tiny'");
  }

  @Test
  void queueSettingsAreRejectedWhenTheQueueIsSupplied() {
    queue = Queues.limitedSize("shared", 1, 10);
    QueueBackedAppender appender = new QueueBackedAppender(queue);
    appender.setContext(context);
    appender.setName("ASYNC");
    appender.addAppender(recording());
    appender.setWorkers(2);
    appender.setCapacity(50);
    appender.setMaxBlock(ch.qos.logback.core.util.Duration.buildByMilliseconds(5));

    appender.start();

    assertThat(appender.isStarted()).isFalse();
    List<String> errors = statuses(appender, Status.ERROR);
    assertThat(errors)
        .singleElement()
        .asString()
        .contains(
            "workers must not be set when the appender uses the supplied queue 'shared'"
                + " (configure that queue instead) but was 2")
        .contains("capacity must not be set")
        .contains("but was 50")
        .contains("maxBlock must not be set")
        .contains("but was PT0.005S");
  }

  @Test
  void aQueueThatLogsWhileTakingAnEventDoesNotMakeTheAppenderRecurse() throws Exception {
    queue = Queues.limitedSize("shared", 1, 100);
    queue.start();
    RecordingAppender sink = recording();
    QueueBackedAppender appender = started(new QueueBackedAppender(new LoggingQueue(queue)), sink);

    logger.info("one");
    logger.info("two");

    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(sink.messages()).containsExactly("one", "two");
  }

  private RecordingAppender recording() {
    RecordingAppender appender = new RecordingAppender();
    appender.setContext(context);
    appender.setName("SINK");
    appender.start();
    return appender;
  }

  private QueueBackedAppender started(QueueBackedAppender appender, RecordingAppender sink) {
    appender.setContext(context);
    appender.setName("ASYNC");
    appender.addAppender(sink);
    appender.start();
    assertThat(appender.isStarted()).as("%s", statuses(appender, Status.ERROR)).isTrue();
    logger.addAppender(appender);
    return appender;
  }

  private List<String> warnings(Object origin) {
    return statuses(origin, Status.WARN);
  }

  private List<String> statuses(Object origin, int level) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(status -> status.getOrigin() == origin && status.getLevel() == level)
        .map(Status::getMessage)
        .toList();
  }

  /** A queue that logs, through the appender's own logger, every job it is given. */
  private final class LoggingQueue implements Queue {
    private final Queue delegate;

    LoggingQueue(Queue delegate) {
      this.delegate = delegate;
    }

    @Override
    public void put(Job job) {
      logger.info("queue takes {}", job.id());
      delegate.put(job);
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public Optional<Job> get(String id) {
      return delegate.get(id);
    }

    @Override
    public Optional<Job> next(Duration timeout) throws InterruptedException {
      return delegate.next(timeout);
    }

    @Override
    public void complete(Job job) {
      delegate.complete(job);
    }

    @Override
    public void save(Job job) {
      delegate.save(job);
    }

    @Override
    public Stream<Job> jobs() {
      return delegate.jobs();
    }

    @Override
    public QueueStats stats() {
      return delegate.stats();
    }

    @Override
    public QueueInfo info() {
      return delegate.info();
    }

    @Override
    public Runner runner() {
      return delegate.runner();
    }

    @Override
    public void setRunner(Runner runner) {
      delegate.setRunner(runner);
    }

    @Override
    public void start() {
      delegate.start();
    }

    @Override
    public void close(Duration drainTimeout) {
      delegate.close(drainTimeout);
    }

    @Override
    public void addListener(QueueListener listener) {
      delegate.addListener(listener);
    }

    @Override
    public void addInterceptor(JobInterceptor interceptor) {
      delegate.addInterceptor(interceptor);
    }

    @Override
    public List<JobInterceptor> interceptors() {
      return delegate.interceptors();
    }
  }
}
