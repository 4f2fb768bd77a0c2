package dev.amboy.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configures Logback with the README's {@code logback.xml}, read from the README itself. */
@Timeout(60)
class LogbackXmlConfigurationTest {

  private static final String SECTION = "## Asynchronous logging through a queue (amboy-logback)";
  private static final String BLOCK_START = "```xml\n<configuration>";

  @TempDir Path logDir;

  private final LoggerContext context = new LoggerContext();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

  @BeforeEach
  void configureFromTheReadme() throws Exception {
    context.setMDCAdapter(mdc);
    context.putProperty("LOG_DIR", logDir.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(
        new ByteArrayInputStream(readmeConfiguration().getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stopContext() {
    context.stop();
  }

  @Test
  void theReadmeConfigurationLoadsWithoutWarnings() {
    List<Status> problems =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(status -> status.getLevel() >= Status.WARN)
            .toList();
    assertThat(problems).as(statusReport()).isEmpty();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("ASYNC")).isInstanceOf(QueueBackedAppender.class);
    QueueBackedAppender async = (QueueBackedAppender) root.getAppender("ASYNC");
    assertThat(async.isStarted()).isTrue();
    assertThat(async.getWorkers()).isEqualTo(1);
    assertThat(async.getCapacity()).isEqualTo(4096);
    assertThat(async.getMaxBlock().getMilliseconds()).isEqualTo(5);
    assertThat(async.getFlushTimeout().getMilliseconds()).isEqualTo(2000);
    assertThat(async.getReportInterval().getMilliseconds()).isEqualTo(30_000);
    assertThat(async.isIncludeCallerData()).isFalse();
    assertThat(async.getAppender("FILE")).isNotNull();
    assertThat(async.getAppender("PROBLEMS")).isNotNull();
  }

  @Test
  void eventsReachEveryWrappedFileInOrderWithTheirThreadAndMdcWhenTheContextStops()
      throws Exception {
    Logger logger = context.getLogger("dev.amboy.example.Checkout");
    Thread checkout =
        new Thread(
            () -> {
              mdc.put("request", "r-7");
              for (int i = 0; i < 60; i++) {
                if (i % 3 == 0) {
                  logger.warn("order {} delayed", i);
                } else {
                  logger.info("order {} placed", i);
                }
              }
              mdc.clear();
            },
            "checkout-1");
    checkout.start();
    checkout.join();

    context.stop();

    List<String> all = Files.readAllLines(logDir.resolve("app.log"));
    assertThat(all).hasSize(60);
    assertThat(all)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("[checkout-1]")
                    .contains("dev.amboy.example.Checkout request=r-7 - order "));
    assertThat(all.stream().map(line -> line.substring(line.indexOf(" - ") + 3)).toList())
        .containsExactlyElementsOf(
            IntStream.range(0, 60)
                .mapToObj(i -> i % 3 == 0 ? "order " + i + " delayed" : "order " + i + " placed")
                .toList());
    List<String> problems = Files.readAllLines(logDir.resolve("problems.log"));
    assertThat(problems.stream().map(line -> line.substring(line.indexOf(" - ") + 3)).toList())
        .containsExactlyElementsOf(
            IntStream.range(0, 20).mapToObj(i -> "order " + (i * 3) + " delayed").toList());
    assertThat(problems).allSatisfy(line -> assertThat(line).contains(" WARN "));
  }

  private static String readmeConfiguration() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int section = readme.indexOf(SECTION);
    assertThat(section).as("README section '%s'", SECTION).isNotNegative();
    int start = readme.indexOf(BLOCK_START, section);
    assertThat(start).as("a logback.xml block in the README section").isNotNegative();
    int bodyStart = start + "```xml\n".length();
    return readme.substring(bodyStart, readme.indexOf("```", bodyStart));
  }

  private String statusReport() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .map(status -> status.getLevel() + " " + status.getMessage())
        .collect(Collectors.joining("\n", "status:\n", ""));
  }
}
