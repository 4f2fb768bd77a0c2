package dev.amboy.sample.pipeline;

import dev.amboy.Job;
import dev.amboy.sample.JobView;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /pipelines} queues fetch, transform and publish as three jobs on the ordered queue,
 * each depending on the one before; {@code GET /pipelines/{id}} shows the three steps.
 */
@RestController
@RequestMapping("/pipelines")
class PipelineController {

  static final String QUEUE = "pipeline";
  private static final List<String> STEPS = List.of("fetch", "transform", "publish");

  private final AmboyTemplate amboy;
  private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis());

  PipelineController(AmboyTemplate amboy) {
    this.amboy = amboy;
  }

  /**
   * A pipeline request.
   *
   * @param words the words to fetch, transform and publish
   */
  record PipelineRequest(List<String> words) {}

  @PostMapping
  ResponseEntity<Map<String, Object>> create(@RequestBody PipelineRequest request) {
    String id = "pipeline-" + sequence.incrementAndGet();
    Job fetch = amboy.create("pipeline-fetch", id + "-fetch", Map.of("source", request.words()));
    Job transform =
        amboy.create("pipeline-transform", id + "-transform", Map.of("fetchJob", fetch.id()));
    Job publish =
        amboy.create("pipeline-publish", id + "-publish", Map.of("transformJob", transform.id()));
    transform.dependency().addEdge(fetch.id());
    publish.dependency().addEdge(transform.id());
    amboy.put(QUEUE, fetch);
    amboy.put(QUEUE, transform);
    amboy.put(QUEUE, publish);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("id", id, "jobs", List.of(fetch.id(), transform.id(), publish.id())));
  }

  @GetMapping("/{id}")
  ResponseEntity<Map<String, JobView>> get(@PathVariable String id) {
    Map<String, JobView> steps = new LinkedHashMap<>();
    for (String step : STEPS) {
      Optional<Job> job = amboy.get(QUEUE, id + "-" + step);
      if (job.isEmpty()) {
        return ResponseEntity.notFound().build();
      }
      steps.put(step, JobView.of(QUEUE, job.get(), result(job.get())));
    }
    return ResponseEntity.ok(steps);
  }

  private static Object result(Job job) {
    if (job instanceof FetchJob fetch) {
      return fetch.words();
    }
    if (job instanceof TransformJob transform) {
      return transform.words();
    }
    return ((PublishJob) job).headline();
  }
}
