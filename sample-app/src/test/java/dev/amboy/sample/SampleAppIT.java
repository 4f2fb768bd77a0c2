package dev.amboy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.spring.boot.autoconfigure.AmboyLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** The sample app on a random port, driven over HTTP, its actuator checked. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sample.cleanup.interval=200ms")
@AutoConfigureTestRestTemplate
@Timeout(120)
class SampleAppIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Autowired private TestRestTemplate http;

  @Test
  void reportsRunAndShowTheirResult() {
    String id = post("/reports", Map.of("title", "quarterly", "lines", 5)).get("id").asString();

    JsonNode report = awaitCompleted("/reports/" + id);
    assertThat(report.get("outcome").asString()).isEqualTo("success");
    assertThat(report.get("type").asString()).isEqualTo("report");
    assertThat(report.get("result").get(0).asString()).isEqualTo("# quarterly");
    assertThat(report.get("result").get(5).asString()).isEqualTo("5 25 15");
    assertThat(http.getForEntity("/reports/nope", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aPipelineRunsItsStepsInOrder() {
    String id =
        post("/pipelines", Map.of("words", List.of(" Queues", "jobs", "AMBOY", "jobs", " ")))
            .get("id")
            .asString();

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                "completed".equals(get("/pipelines/" + id).get("publish").get("state").asString()));
    JsonNode pipeline = get("/pipelines/" + id);
    assertThat(pipeline.get("fetch").get("result").toString())
        .isEqualTo("[\"queues\",\"jobs\",\"amboy\",\"jobs\"]");
    assertThat(pipeline.get("transform").get("result").toString())
        .isEqualTo("[\"Amboy\",\"Jobs\",\"Queues\"]");
    assertThat(pipeline.get("publish").get("result").asString()).isEqualTo("Amboy · Jobs · Queues");
    assertThat(pipeline.get("transform").get("started").asString())
        .isGreaterThanOrEqualTo(pipeline.get("fetch").get("ended").asString());
    assertThat(pipeline.get("publish").get("started").asString())
        .isGreaterThanOrEqualTo(pipeline.get("transform").get("ended").asString());
  }

  @Test
  void everyTenantGetsItsOwnQueue() {
    String acme = post("/tenants/acme/jobs", Map.of("task", "invoice")).get("id").asString();
    String globex = post("/tenants/globex/jobs", Map.of("task", "invoice")).get("id").asString();
    awaitCompleted("/tenants/acme/jobs/" + acme);
    awaitCompleted("/tenants/globex/jobs/" + globex);

    JsonNode tenants = get("/actuator/amboy/tenants");
    assertThat(tenants.get("kind").asString()).isEqualTo("local");
    assertThat(tenants.get("queues").has("acme")).isTrue();
    assertThat(tenants.get("queues").has("globex")).isTrue();
    assertThat(get("/actuator/amboy/tenants:acme/" + acme).get("state").asString())
        .isEqualTo("completed");

    ResponseEntity<String> badName =
        http.postForEntity("/tenants/no spaces!/jobs", Map.of("task", "x"), String.class);
    assertThat(badName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badName.getBody()).contains("name must be 1-200 letters");
  }

  @Test
  void notificationsGoThroughTheRateLimitedQueue() {
    JsonNode ids =
        post("/notifications", Map.of("to", List.of("a@x", "b@x", "c@x"), "message", "hi"))
            .get("ids");
    assertThat(ids.size()).isEqualTo(3);
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              JsonNode queue = get("/actuator/amboy/notifications");
              return queue.get("jobs").get("completed").size() >= 3;
            });
    JsonNode queue = get("/actuator/amboy/notifications");
    assertThat(queue.get("runner").get("kind").asString()).isEqualTo("rate-limited");
  }

  @Test
  void theEndpointListsQueuesGroupsAndOperationsAndShowsJobs() {
    String id = post("/reports", Map.of("title", "endpoint", "lines", 2)).get("id").asString();
    awaitCompleted("/reports/" + id);

    JsonNode amboy = get("/actuator/amboy");
    assertThat(amboy.get("state").asString()).isEqualTo("running");
    List<String> queues = new ArrayList<>(amboy.get("queues").propertyNames());
    assertThat(queues)
        .containsExactlyInAnyOrder(
            "imports", "maintenance", "notifications", "pipeline", "reports", "urgent");
    JsonNode reports = amboy.get("queues").get("reports");
    assertThat(reports.get("kind").asString()).isEqualTo("limited-size");
    assertThat(reports.get("started").asBoolean()).isTrue();
    assertThat(reports.get("runner").get("kind").asString()).isEqualTo("pool");
    assertThat(reports.get("runner").get("workers").asInt()).isEqualTo(4);
    assertThat(reports.get("stats").get("completed").asLong()).isPositive();
    assertThat(amboy.get("queues").get("pipeline").get("kind").asString()).isEqualTo("ordered");
    assertThat(amboy.get("queues").get("maintenance").get("runner").get("kind").asString())
        .isEqualTo("ewma");
    assertThat(amboy.get("groups").has("tenants")).isTrue();
    assertThat(amboy.get("operations").has("heartbeat")).isTrue();
    assertThat(amboy.get("operations").has("housekeeping.cleanup")).isTrue();

    JsonNode queue = get("/actuator/amboy/reports");
    assertThat(queue.get("jobs").get("completed").toString()).contains(id);
    JsonNode job = get("/actuator/amboy/reports/" + id);
    assertThat(job.get("state").asString()).isEqualTo("completed");
    assertThat(job.get("outcome").asString()).isEqualTo("success");
    assertThat(job.get("type").asString()).isEqualTo("report");
    assertThat(job.get("times").get("created").asString()).isNotBlank();
    assertThat(job.get("times").get("ended").asString()).isNotBlank();
    assertThat(http.getForEntity("/actuator/amboy/reports/unknown", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/actuator/amboy/nothing", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                get("/actuator/amboy")
                        .get("operations")
                        .get("housekeeping.cleanup")
                        .get("runs")
                        .asLong()
                    > 1);
  }

  @Test
  void anUrgentReportCanBeAbortedThroughTheEndpoint() {
    String id =
        post(
                "/reports",
                Map.of(
                    "title",
                    "long",
                    "lines",
                    1,
                    "workMillis",
                    60_000,
                    "urgent",
                    true,
                    "priority",
                    9))
            .get("id")
            .asString();
    await()
        .atMost(PATIENCE)
        .until(() -> "running".equals(get("/reports/" + id).get("state").asString()));

    ResponseEntity<JsonNode> wrongQueue =
        http.postForEntity(
            "/actuator/amboy/reports/" + id, Map.of("action", "abort"), JsonNode.class);
    assertThat(wrongQueue.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    ResponseEntity<JsonNode> aborted =
        http.postForEntity(
            "/actuator/amboy/urgent/" + id, Map.of("action", "abort"), JsonNode.class);
    assertThat(aborted.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode report = awaitCompleted("/reports/" + id);
    assertThat(report.get("outcome").asString()).isEqualTo("aborted");
    assertThat(report.get("errors").get(0).asString()).isEqualTo("aborted");

    String busy =
        post("/reports", Map.of("title", "busy", "lines", 1, "workMillis", 3_000))
            .get("id")
            .asString();
    await()
        .atMost(PATIENCE)
        .until(() -> "running".equals(get("/reports/" + busy).get("state").asString()));
    ResponseEntity<JsonNode> refused =
        http.postForEntity(
            "/actuator/amboy/reports/" + busy, Map.of("action", "abort"), JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().get("message").asString())
        .contains("'pool' runner, which cannot abort jobs");
  }

  @Test
  void healthHasAnAmboyComponentThatIsUp() {
    JsonNode health = get("/actuator/health");
    assertThat(health.get("status").asString()).isEqualTo("UP");
    JsonNode amboy = health.get("components").get("amboy");
    assertThat(amboy.get("status").asString()).isEqualTo("UP");
    assertThat(amboy.get("details").get("state").asString()).isEqualTo("running");
    assertThat(amboy.get("details").get("queues").get("reports").get("status").asString())
        .isEqualTo("UP");
    assertThat(get("/actuator/health/amboy").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void metersAreInTheMetricsEndpointAndInPrometheus() {
    String id = post("/reports", Map.of("title", "meters", "lines", 1)).get("id").asString();
    awaitCompleted("/reports/" + id);
    String tenantJob = post("/tenants/initech/jobs", Map.of("task", "meter")).get("id").asString();
    awaitCompleted("/tenants/initech/jobs/" + tenantJob);

    JsonNode jobs = get("/actuator/metrics/amboy.queue.jobs");
    List<String> tags = new ArrayList<>();
    jobs.get("availableTags").forEach(tag -> tags.add(tag.get("tag").asString()));
    assertThat(tags).containsExactlyInAnyOrder("queue", "state");
    JsonNode states =
        jobs.get("availableTags")
            .valueStream()
            .filter(tag -> tag.get("tag").asString().equals("state"))
            .findFirst()
            .orElseThrow()
            .get("values");
    assertThat(states.toString()).contains("pending", "running", "completed", "blocked");
    JsonNode completed =
        get("/actuator/metrics/amboy.queue.jobs?tag=queue:reports&tag=state:completed");
    assertThat(completed.get("measurements").get(0).get("value").asDouble()).isPositive();
    assertThat(get("/actuator/metrics/amboy.job.duration?tag=outcome:success").get("measurements"))
        .isNotEmpty();

    String prometheus = http.getForObject("/actuator/prometheus", String.class);
    assertThat(prometheus)
        .contains("amboy_queue_jobs{queue=\"reports\",state=\"completed\"}")
        .contains("amboy_queue_jobs{queue=\"tenants:initech\",state=\"completed\"}")
        .contains(
            "amboy_job_duration_seconds_count{outcome=\"success\",queue=\"reports\",type=\"report\"}")
        .contains("amboy_job_latency_seconds_count{queue=\"reports\",type=\"report\"}")
        .contains("amboy_group_queues{group=\"tenants\"}");
  }

  @Test
  void theQueuesStopAfterTheWebServer(@Autowired AmboyLifecycle lifecycle) {
    assertThat(lifecycle.getPhase())
        .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
        .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
  }

  private JsonNode awaitCompleted(String path) {
    await().atMost(PATIENCE).until(() -> "completed".equals(get(path).get("state").asString()));
    return get(path);
  }

  private JsonNode post(String path, Object body) {
    ResponseEntity<JsonNode> response = http.postForEntity(path, body, JsonNode.class);
    assertThat(response.getStatusCode()).as("POST %s", path).isEqualTo(HttpStatus.ACCEPTED);
    return response.getBody();
  }

  private JsonNode get(String path) {
    ResponseEntity<JsonNode> response = http.getForEntity(path, JsonNode.class);
    assertThat(response.getStatusCode())
        .as("GET %s: %s", path, response.getBody())
        .isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
