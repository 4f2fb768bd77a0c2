package dev.amboy.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.status.Status;
import dev.amboy.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class QueueBackedAppenderTest {

  private static final Duration AWAIT = Duration.ofSeconds(20);

  private final LoggerContext context = new LoggerContext();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();
  private Logger logger;
  private final List<RecordingAppender> held = new ArrayList<>();

  @BeforeEach
  void setUp() {
    context.setMDCAdapter(mdc);
    logger = context.getLogger("orders");
    logger.setAdditive(false);
  }

  @AfterEach
  void tearDown() {
    held.forEach(RecordingAppender::release);
    context.stop();
  }

  @Test
  void oneWorkerDeliversEventsInTheOrderTheyWereLogged() {
    RecordingAppender sink = recording("SINK");
    QueueBackedAppender appender = queued(settings -> {}, sink);

    IntStream.range(0, 500).forEach(i -> logger.info("event {}", i));

    await().atMost(AWAIT).until(() -> sink.deliveries().size() == 500);
    assertThat(sink.messages())
        .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "event " + i).toList());
    assertThat(sink.deliveries())
        .allSatisfy(
            delivery -> assertThat(delivery.thread()).isEqualTo("amboy-logback-ASYNC-worker-1"));
    assertThat(appender.droppedCount()).isZero();
  }

  @Test
  void severalWorkersDeliverEveryEventOnce() throws Exception {
    RecordingAppender sink = recording("SINK");
    QueueBackedAppender appender = queued(settings -> settings.setWorkers(4), sink);

    List<CompletableFuture<Void>> loggers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      loggers.add(
          CompletableFuture.runAsync(
              () -> IntStream.range(0, 250).forEach(i -> logger.info("t{}-{}", thread, i))));
    }
    CompletableFuture.allOf(loggers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    assertThat(appender.flush(AWAIT)).isTrue();
    List<String> expected = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 250; i++) {
        expected.add("t" + t + "-" + i);
      }
    }
    assertThat(sink.messages()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(sink.deliveries())
        .allSatisfy(
            delivery -> assertThat(delivery.thread()).startsWith("amboy-logback-ASYNC-worker-"));
    assertThat(appender.droppedCount()).isZero();
  }

  @Test
  void everyWrappedAppenderReceivesEveryEvent() throws Exception {
    RecordingAppender first = recording("FIRST");
    RecordingAppender second = recording("SECOND");
    QueueBackedAppender appender = queued(settings -> {}, first, second);

    IntStream.range(0, 10).forEach(i -> logger.info("event {}", i));

    assertThat(appender.flush(AWAIT)).isTrue();
    List<String> expected = IntStream.range(0, 10).mapToObj(i -> "event " + i).toList();
    assertThat(first.messages()).containsExactlyElementsOf(expected);
    assertThat(second.messages()).containsExactlyElementsOf(expected);
  }

  @Test
  void aFullQueueDropsAtOnceByDefaultAndCountsTheDrops() throws Exception {
    RecordingAppender sink = holding(recording("SINK"));
    QueueBackedAppender appender = queued(settings -> settings.setCapacity(2), sink);

    logger.info("first");
    assertThat(sink.entered().tryAcquire(20, TimeUnit.SECONDS)).isTrue();
    logger.info("second");
    logger.info("third");
    IntStream.range(0, 5).forEach(i -> logger.info("dropped {}", i));

    assertThat(sink.deliveries()).as("the sink is still held").isEmpty();
    assertThat(appender.droppedCount()).isEqualTo(5);
    assertThat(messages(appender, Status.WARN))
        .singleElement()
        .asString()
        .contains("appender [ASYNC] dropped a log event: dev.amboy.QueueFullException")
        .contains("queue 'logback-ASYNC'")
        .contains("capacity of 2")
        .contains("reported at most every PT1M");

    sink.release();
    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(sink.messages()).containsExactly("first", "second", "third");
  }

  @Test
  void aLoggingThreadWaitsForRoomUpToMaxBlockThenDrops() throws Exception {
    RecordingAppender sink = holding(recording("SINK"));
    QueueBackedAppender appender =
        queued(
            settings -> {
              settings.setCapacity(1);
              settings.setMaxBlock(ch.qos.logback.core.util.Duration.buildByMilliseconds(50));
            },
            sink);
    logger.info("first");
    assertThat(sink.entered().tryAcquire(20, TimeUnit.SECONDS)).isTrue();
    logger.info("second");

    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      logger.info("dropped {}", i);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("waited for room for the configured maxBlock")
          .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    assertThat(sink.deliveries()).as("the calls returned while the sink is still held").isEmpty();
    assertThat(appender.droppedCount()).isEqualTo(3);
    sink.release();
    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(sink.messages()).containsExactly("first", "second");
  }

  @Test
  void anEventThatFindsRoomWithinMaxBlockIsDelivered() throws Exception {
    RecordingAppender sink = holding(recording("SINK"));
    QueueBackedAppender appender =
        queued(
            settings -> {
              settings.setCapacity(1);
              settings.setMaxBlock(ch.qos.logback.core.util.Duration.buildBySeconds(30));
            },
            sink);
    logger.info("first");
    assertThat(sink.entered().tryAcquire(20, TimeUnit.SECONDS)).isTrue();
    logger.info("second");

    Thread waiting = new Thread(() -> logger.info("third"), "waiting-logger");
    waiting.start();
    await().atMost(AWAIT).until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
    sink.release();
    waiting.join(AWAIT.toMillis());

    assertThat(waiting.isAlive()).isFalse();
    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(sink.messages()).containsExactly("first", "second", "third");
    assertThat(appender.droppedCount()).isZero();
  }

  @Test
  void dropsAreReportedAtMostOncePerReportInterval() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RecordingAppender sink = holding(recording("SINK"));
    QueueBackedAppender appender =
        queued(
            settings -> {
              settings.setClock(clock);
              settings.setCapacity(1);
              settings.setReportInterval(ch.qos.logback.core.util.Duration.buildBySeconds(10));
            },
            sink);
    logger.info("first");
    assertThat(sink.entered().tryAcquire(20, TimeUnit.SECONDS)).isTrue();
    logger.info("second");

    IntStream.range(0, 3).forEach(i -> logger.info("dropped {}", i));
    assertThat(messages(appender, Status.WARN)).hasSize(1);

    clock.advance(Duration.ofSeconds(9));
    logger.info("dropped quietly");
    assertThat(messages(appender, Status.WARN)).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    logger.info("dropped and reported");
    assertThat(messages(appender, Status.WARN))
        .hasSize(2)
        .last()
        .asString()
        .contains("(3 more dropped since the last report)")
        .contains("reported at most every PT10S");
    assertThat(appender.droppedCount()).isEqualTo(5);

    sink.release();
    appender.stop();
    assertThat(messages(appender, Status.WARN))
        .last()
        .isEqualTo("appender [ASYNC] dropped 5 log events in all since it started");
  }

  @Test
  void stopWaitsForQueuedEventsThenStopsTheWrappedAppenders() throws Exception {
    RecordingAppender sink = holding(recording("SINK"));
    QueueBackedAppender appender =
        queued(
            settings ->
                settings.setFlushTimeout(ch.qos.logback.core.util.Duration.buildBySeconds(30)),
            sink);
    IntStream.range(0, 100).forEach(i -> logger.info("event {}", i));

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(appender::stop);
    await().atMost(AWAIT).until(() -> !appender.isStarted());
    assertThat(stopping).isNotDone();
    sink.release();
    stopping.get(20, TimeUnit.SECONDS);

    assertThat(sink.messages())
        .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "event " + i).toList());
    assertThat(sink.isStarted()).isFalse();
    assertThat(appender.iteratorForAppenders()).isExhausted();
    assertThat(appender.droppedCount()).isZero();
    assertThat(messages(appender, Status.WARN)).isEmpty();
  }

  @Test
  void stopGivesUpAfterTheFlushTimeoutAndReportsWhatWasNotDelivered() {
    RecordingAppender sink = holding(recording("SINK"));
    QueueBackedAppender appender =
        queued(
            settings ->
                settings.setFlushTimeout(
                    ch.qos.logback.core.util.Duration.buildByMilliseconds(100)),
            sink);
    IntStream.range(0, 5).forEach(i -> logger.info("event {}", i));

    appender.stop();

    assertThat(appender.isStarted()).isFalse();
    assertThat(sink.isStarted()).isFalse();
    assertThat(sink.deliveries()).isEmpty();
    assertThat(appender.droppedCount()).isEqualTo(5);
    assertThat(messages(appender, Status.WARN))
        .anySatisfy(
            message ->
                assertThat(message)
                    .contains("stopped with 5 log events undelivered")
                    .contains("flushTimeout of PT0.1S"));
  }

  @Test
  void aFailingWrappedAppenderIsReportedToStatusAndDeliveryContinues() throws Exception {
    FailingAppender failing = new FailingAppender();
    failing.setContext(context);
    failing.setName("FAILING");
    failing.start();
    RecordingAppender sink = recording("SINK");
    QueueBackedAppender appender = queued(settings -> {}, failing, sink);

    IntStream.range(0, 5).forEach(i -> logger.info("event {}", i));

    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(sink.messages()).hasSize(5);
    assertThat(failing.attempts()).isEqualTo(5);
    assertThat(appender.failedCount()).isEqualTo(5);
    List<Status> errors = statuses(appender, Status.ERROR);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getMessage())
        .startsWith(
            "appender [FAILING] failed to append a log event delivered by appender [ASYNC]");
    assertThat(errors.get(0).getThrowable())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk on fire");

    appender.stop();
    assertThat(messages(appender, Status.WARN))
        .contains(
            "appender [ASYNC] saw 5 failed appends by its wrapped appenders since it started");
  }

  @Test
  void deliveredEventsKeepTheMdcMessageAndThreadNameOfTheLoggingThread() throws Exception {
    RecordingAppender sink = holding(recording("SINK", "%thread|%X{request}|%msg"));
    QueueBackedAppender appender = queued(settings -> {}, sink);

    Thread handler =
        new Thread(
            () -> {
              mdc.put("request", "r-42");
              logger.info("order {} shipped to {}", 42, "ada");
              mdc.clear();
            },
            "request-handler-7");
    handler.start();
    handler.join(AWAIT.toMillis());
    sink.release();

    assertThat(appender.flush(AWAIT)).isTrue();
    RecordingAppender.Delivery delivery = sink.deliveries().get(0);
    assertThat(delivery.rendered()).isEqualTo("request-handler-7|r-42|order 42 shipped to ada");
    assertThat(delivery.thread()).isEqualTo("amboy-logback-ASYNC-worker-1");
    assertThat(delivery.event().getThreadName()).isEqualTo("request-handler-7");
    assertThat(delivery.event().getMDCPropertyMap()).containsEntry("request", "r-42");
    assertThat(delivery.event().getFormattedMessage()).isEqualTo("order 42 shipped to ada");
  }

  @Test
  void callerDataIsTakenOnTheLoggingThreadWhenAskedFor() throws Exception {
    RecordingAppender sink = recording("SINK", "%class.%method");
    QueueBackedAppender appender = queued(settings -> settings.setIncludeCallerData(true), sink);

    logger.info("where am I");

    assertThat(appender.flush(AWAIT)).isTrue();
    RecordingAppender.Delivery delivery = sink.deliveries().get(0);
    assertThat(delivery.rendered())
        .isEqualTo(getClass().getName() + ".callerDataIsTakenOnTheLoggingThreadWhenAskedFor");
  }

  @Test
  void eventsAWrappedAppenderLogsWhileDeliveringAreDroppedInsteadOfFedBack() throws Exception {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ChattyAppender chatty = new ChattyAppender(context.getLogger("sink"));
    chatty.setContext(context);
    chatty.setName("CHATTY");
    chatty.start();
    QueueBackedAppender appender = configure(new QueueBackedAppender(), settings -> {}, chatty);
    root.addAppender(appender);
    logger.addAppender(appender);

    IntStream.range(0, 3).forEach(i -> logger.info("event {}", i));

    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(chatty.received()).containsExactly("event 0", "event 1", "event 2");
    assertThat(appender.droppedCount()).isEqualTo(3);
    assertThat(messages(appender, Status.WARN))
        .singleElement()
        .asString()
        .contains("logged on delivery thread 'amboy-logback-ASYNC-worker-1'");
  }

  @Test
  void flushWaitsForDeliveryWithoutStopping() throws Exception {
    RecordingAppender sink = holding(recording("SINK"));
    QueueBackedAppender appender = queued(settings -> {}, sink);
    IntStream.range(0, 3).forEach(i -> logger.info("event {}", i));

    assertThat(appender.flush(Duration.ofMillis(20))).isFalse();
    sink.release();
    assertThat(appender.flush(AWAIT)).isTrue();

    assertThat(sink.messages()).containsExactly("event 0", "event 1", "event 2");
    assertThat(appender.isStarted()).isTrue();
    assertThat(sink.isStarted()).isTrue();
    logger.info("after the flush");
    assertThat(appender.flush(AWAIT)).isTrue();
    assertThat(sink.messages()).last().isEqualTo("after the flush");
  }

  @Test
  void invalidSettingsAreReportedTogetherAndTheAppenderStaysStopped() {
    QueueBackedAppender appender = new QueueBackedAppender();
    appender.setContext(context);
    appender.setName("ASYNC");
    appender.setWorkers(0);
    appender.setCapacity(0);
    appender.setMaxBlock(new ch.qos.logback.core.util.Duration(-5));
    appender.setFlushTimeout(new ch.qos.logback.core.util.Duration(-1000));
    appender.setReportInterval(new ch.qos.logback.core.util.Duration(0));

    appender.start();

    assertThat(appender.isStarted()).isFalse();
    assertThat(messages(appender, Status.ERROR))
        .singleElement()
        .asString()
        .startsWith("invalid settings of appender [ASYNC]: ")
        .contains("appender-ref must name at least one appender to deliver to but none is attached")
        .contains("workers must be >= 1 but was 0")
        .contains("capacity must be >= 1 but was 0")
        .contains("maxBlock must be >= 0 but was PT-0.005S")
        .contains("flushTimeout must be >= 0 but was PT-1S")
        .contains("reportInterval must be > 0 but was PT0S");
    assertThat(appender.droppedCount()).isZero();
    assertThat(appender.failedCount()).isZero();
  }

  @Test
  void settingsHaveDocumentedDefaultsAndReadBack() {
    QueueBackedAppender appender = new QueueBackedAppender();
    assertThat(appender.getWorkers()).isEqualTo(1);
    assertThat(appender.getCapacity()).isEqualTo(1024);
    assertThat(appender.getMaxBlock().getMilliseconds()).isZero();
    assertThat(appender.getFlushTimeout().getMilliseconds()).isEqualTo(1000);
    assertThat(appender.getReportInterval().getMilliseconds()).isEqualTo(60_000);
    assertThat(appender.isIncludeCallerData()).isFalse();
    assertThat(QueueBackedAppender.JOB_TYPE.isLocalOnly()).isTrue();
  }

  @Test
  void queueNamesAreDerivedFromTheAppenderName() {
    assertThat(QueueBackedAppender.queueName("ASYNC")).isEqualTo("logback-ASYNC");
    assertThat(QueueBackedAppender.queueName("to file/1")).isEqualTo("logback-to_file_1");
    assertThat(QueueBackedAppender.queueName(null)).isEqualTo("logback-appender");
    assertThat(QueueBackedAppender.queueName("x".repeat(500))).hasSize("logback-".length() + 180);
  }

  @Test
  void attachedAppendersCanBeLookedUpAndDetached() {
    RecordingAppender first = recording("FIRST");
    RecordingAppender second = recording("SECOND");
    QueueBackedAppender appender = new QueueBackedAppender();
    appender.addAppender(first);
    appender.addAppender(second);

    assertThat(appender.getAppender("FIRST")).isSameAs(first);
    assertThat(appender.isAttached(second)).isTrue();
    assertThat(appender.detachAppender("FIRST")).isTrue();
    assertThat(appender.detachAppender(second)).isTrue();
    assertThat(appender.iteratorForAppenders()).isExhausted();

    appender.addAppender(first);
    appender.detachAndStopAllAppenders();
    assertThat(first.isStarted()).isFalse();
    assertThat(appender.iteratorForAppenders()).isExhausted();
  }

  private RecordingAppender recording(String name) {
    return recording(name, "%msg");
  }

  private RecordingAppender recording(String name, String pattern) {
    RecordingAppender appender = new RecordingAppender(pattern);
    appender.setContext(context);
    appender.setName(name);
    appender.start();
    return appender;
  }

  private RecordingAppender holding(RecordingAppender appender) {
    appender.hold();
    held.add(appender);
    return appender;
  }

  @SafeVarargs
  private QueueBackedAppender queued(
      Consumer<QueueBackedAppender> settings, Appender<ILoggingEvent>... targets) {
    QueueBackedAppender appender = configure(new QueueBackedAppender(), settings, targets);
    logger.addAppender(appender);
    return appender;
  }

  @SafeVarargs
  private QueueBackedAppender configure(
      QueueBackedAppender appender,
      Consumer<QueueBackedAppender> settings,
      Appender<ILoggingEvent>... targets) {
    appender.setContext(context);
    appender.setName("ASYNC");
    settings.accept(appender);
    for (Appender<ILoggingEvent> target : targets) {
      appender.addAppender(target);
    }
    appender.start();
    assertThat(appender.isStarted())
        .as("started; status: %s", messages(appender, Status.ERROR))
        .isTrue();
    return appender;
  }

  private List<Status> statuses(Object origin, int level) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(status -> status.getOrigin() == origin && status.getLevel() == level)
        .toList();
  }

  private List<String> messages(Object origin, int level) {
    return statuses(origin, level).stream().map(Status::getMessage).toList();
  }

  /** A wrapped appender that logs about every event it receives, as a misbehaving sink might. */
  private static final class ChattyAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final Logger chatter;
    private final List<String> received = new CopyOnWriteArrayList<>();

    ChattyAppender(Logger chatter) {
      this.chatter = chatter;
    }

    @Override
    protected void append(ILoggingEvent event) {
      received.add(event.getFormattedMessage());
      chatter.warn("sink saw {}", event.getFormattedMessage());
    }

    List<String> received() {
      return received;
    }
  }
}
