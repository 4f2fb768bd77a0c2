package dev.amboy.sample.tenants;

import dev.amboy.Job;
import dev.amboy.sample.JobView;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
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
 * {@code POST /tenants/{tenant}/jobs} queues work on the tenant's own queue of the {@code tenants}
 * group, created on first use and pruned when idle, so one busy tenant cannot hold up another.
 */
@RestController
@RequestMapping("/tenants/{tenant}/jobs")
class TenantController {

  private final AmboyTemplate amboy;

  TenantController(AmboyTemplate amboy) {
    this.amboy = amboy;
  }

  /**
   * Work for a tenant.
   *
   * @param task what to do
   */
  record TenantRequest(String task) {}

  @PostMapping
  ResponseEntity<Map<String, String>> create(
      @PathVariable String tenant, @RequestBody TenantRequest request) {
    String queue = "tenants:" + tenant;
    Job job = amboy.put(queue, "tenant-task", Map.of("tenant", tenant, "task", request.task()));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", job.id(), "queue", queue));
  }

  @GetMapping("/{id}")
  ResponseEntity<JobView> get(@PathVariable String tenant, @PathVariable String id) {
    String queue = "tenants:" + tenant;
    return amboy
        .get(queue, id)
        .map(job -> JobView.of(queue, job, ((TenantTaskJob) job).completedForTenant()))
        .map(ResponseEntity::ok)
        .orElse(ResponseEntity.notFound().build());
  }
}
