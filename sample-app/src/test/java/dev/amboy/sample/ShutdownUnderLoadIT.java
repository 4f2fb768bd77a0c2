package dev.amboy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.JobStatus;
import dev.amboy.Queue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closes the application while jobs run: jobs that finish within the drain complete, the rest are
 * interrupted and released back to pending, none is left in progress, and the shutdown takes about
 * the drain timeout.
 */
@Timeout(120)
class ShutdownUnderLoadIT {

  private static final Duration DRAIN = Duration.ofSeconds(2);

  private final HttpClient client = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void closingUnderLoadDrainsThenReleasesAndLeavesNothingRunning() throws Exception {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SampleApplication.class)
            .run(
                "--server.port=0",
                "--amboy.shutdown.timeout=" + DRAIN.toMillis() + "ms",
                "--sample.cleanup.interval=1h");
    String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    Queue reports = context.getBean("reports", Queue.class);

    List<String> quick = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      quick.add(report(base, "quick", 1_000));
    }
    for (int i = 0; i < 4; i++) {
      slow.add(report(base, "slow", 60_000));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> running(base) == 4 && reports.stats().pending() == 2);

    long start = System.nanoTime();
    context.close();
    long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertThat(elapsed)
        .as("the drain timeout, then the interrupted jobs are released at once")
        .isBetween(DRAIN.toMillis() - 100, DRAIN.toMillis() + 5_000);
    for (String id : quick) {
      assertThat(status(reports, id).completed()).as("quick job %s", id).isTrue();
      assertThat(status(reports, id).errors()).isEmpty();
    }
    for (String id : slow) {
      JobStatus status = status(reports, id);
      assertThat(status.inProgress()).as("slow job %s in progress", id).isFalse();
      assertThat(status.completed()).as("slow job %s completed", id).isFalse();
    }
    assertThat(reports.stats().running()).isZero();
    assertThat(reports.stats().pending()).isEqualTo(4);
    assertThat(reports.stats().completed()).isEqualTo(2);
  }

  private static JobStatus status(Queue queue, String id) {
    return queue.get(id).orElseThrow().status();
  }

  private String report(String base, String title, long workMillis) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/reports"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\""
                            + title
                            + "\",\"lines\":1,\"workMillis\":"
                            + workMillis
                            + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    return json.readTree(response.body()).get("id").asString();
  }

  private long running(String base) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/actuator/amboy/reports")).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode queue = json.readTree(response.body());
    return queue.get("stats").get("running").asLong();
  }
}
