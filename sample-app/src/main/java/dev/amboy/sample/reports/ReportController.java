package dev.amboy.sample.reports;

import dev.amboy.Job;
import dev.amboy.sample.JobView;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /reports} queues a report and answers 202 with its id; {@code GET /reports/{id}}
 * shows its state and, once done, the report. An urgent report goes into the priority queue.
 */
@RestController
@RequestMapping("/reports")
class ReportController {

  private final AmboyTemplate amboy;

  ReportController(AmboyTemplate amboy) {
    this.amboy = amboy;
  }

  /**
   * A report request.
   *
   * @param title the report's title
   * @param lines how many lines to render; 10 when absent
   * @param workMillis extra time the job takes, to watch it run
   * @param urgent put it into the priority queue
   * @param priority its priority there
   */
  record ReportRequest(
      String title, Integer lines, Long workMillis, Boolean urgent, Integer priority) {

    ReportRequest {
      title = title == null ? "report" : title;
      lines = lines == null ? 10 : lines;
      workMillis = workMillis == null ? 0 : workMillis;
      urgent = urgent != null && urgent;
      priority = priority == null ? 0 : priority;
    }
  }

  @PostMapping
  ResponseEntity<Map<String, String>> create(@RequestBody ReportRequest request) {
    String queue = request.urgent() ? "urgent" : "reports";
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("title", request.title());
    payload.put("lines", request.lines());
    payload.put("workMillis", request.workMillis());
    Job job = amboy.create("report", payload);
    job.setPriority(request.priority());
    amboy.put(queue, job);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", job.id(), "queue", queue));
  }

  @GetMapping("/{id}")
  ResponseEntity<JobView> get(@PathVariable String id) {
    for (String queue : new String[] {"reports", "urgent"}) {
      var job = amboy.get(queue, id);
      if (job.isPresent() && job.get() instanceof ReportJob report) {
        return ResponseEntity.ok(JobView.of(queue, report, report.result()));
      }
    }
    return ResponseEntity.notFound().build();
  }
}
