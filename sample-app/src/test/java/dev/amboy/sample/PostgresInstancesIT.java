package dev.amboy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two sample-app JVMs with the postgres profile on one database: work put through either instance
 * is run once by one of them and readable through both; after one is killed with {@code kill -9},
 * the other finishes its jobs once their locks go stale.
 */
@Timeout(300)
class PostgresInstancesIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static EmbeddedPostgres embedded;
  private static String jdbcUrl;
  private static final List<Process> instances = new ArrayList<>();

  @BeforeAll
  static void database() throws IOException {
    String external = System.getenv("AMBOY_TEST_JDBC_URL");
    if (external != null && !external.isBlank()) {
      jdbcUrl = external;
    } else {
      embedded = EmbeddedPostgres.builder().start();
      jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
    }
  }

  @AfterAll
  static void stop() throws IOException {
    instances.forEach(Process::destroyForcibly);
    if (embedded != null) {
      embedded.close();
    }
  }

  @Test
  void twoInstancesShareTheQueuesAndSurviveOneBeingKilled() throws Exception {
    String schema = "sample_" + ProcessHandle.current().pid();
    Instance a = Instance.start("a", schema);
    Instance b = Instance.start("b", schema);
    a.awaitUp();
    b.awaitUp();

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Instance via = i % 2 == 0 ? a : b;
      ids.add(
          via.post("/reports", Map.of("title", "r" + i, "lines", 3, "workMillis", 20))
              .get("id")
              .asString());
    }
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      Instance reader = i % 2 == 0 ? b : a;
      await()
          .atMost(PATIENCE)
          .until(() -> "completed".equals(reader.get("/reports/" + id).get("state").asString()));
      assertThat(reader.get("/reports/" + id).get("result").get(0).asString()).isEqualTo("# r" + i);
    }
    long ranByA = a.completedReports();
    long ranByB = b.completedReports();
    assertThat(ranByA + ranByB).as("every report ran exactly once").isEqualTo(120);
    assertThat(ranByA).as("a ran some").isPositive();
    assertThat(ranByB).as("b ran some").isPositive();

    List<String> slow = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      slow.add(
          b.post("/reports", Map.of("title", "s" + i, "lines", 1, "workMillis", 500))
              .get("id")
              .asString());
    }
    await().atMost(PATIENCE).until(() -> b.runningReports() > 0);
    b.process.destroyForcibly().waitFor();

    for (String id : slow) {
      await()
          .atMost(PATIENCE)
          .until(() -> "completed".equals(a.get("/reports/" + id).get("state").asString()));
      assertThat(a.get("/reports/" + id).get("outcome").asString()).isEqualTo("success");
    }
    assertThat(a.completedReports()).isGreaterThan(ranByA);
    JsonNode health = a.get("/actuator/health");
    assertThat(health.get("status").asString()).isEqualTo("UP");
  }

  private record Instance(String name, int port, Process process, Path log) {

    static Instance start(String name, String schema) throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path log = Files.createTempFile("sample-" + name + "-", ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  java,
                  "-Xmx384m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  SampleApplication.class.getName(),
                  "--spring.profiles.active=postgres",
                  "--spring.datasource.url=" + jdbcUrl,
                  "--server.port=" + port,
                  "--amboy.postgres.schema=" + schema,
                  "--amboy.queues.reports.lock-timeout=2s",
                  "--amboy.queues.reports.workers=2",
                  "--amboy.queues.reports.postgres.claim-batch-size=2",
                  "--amboy.queues.reports.postgres.poll-interval=200ms",
                  "--amboy.shutdown.timeout=1s")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Instance instance = new Instance(name, port, process, log);
      instances.add(process);
      return instance;
    }

    void awaitUp() {
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new AssertionError(
                      "instance " + name + " exited; its log:\n" + Files.readString(log));
                }
                return "UP".equals(get("/actuator/health").get("status").asString());
              });
    }

    JsonNode get(String path) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    long completedReports() throws IOException, InterruptedException {
      JsonNode metric = get("/actuator/metrics/amboy.job.duration?tag=queue:reports");
      for (JsonNode measurement : metric.get("measurements")) {
        if ("COUNT".equals(measurement.get("statistic").asString())) {
          return measurement.get("value").asLong();
        }
      }
      throw new AssertionError("no COUNT in " + metric);
    }

    long runningReports() throws IOException, InterruptedException {
      return get("/actuator/amboy/reports").get("stats").get("running").asLong();
    }

    private URI uri(String path) {
      return URI.create("http://localhost:" + port + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
      HttpResponse<String> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IOException(response.statusCode() + " from " + request.build().uri());
      }
      return JSON.readTree(response.body());
    }
  }
}
