package dev.amboy.sample.notifications;

import dev.amboy.Job;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /notifications} queues one notification per recipient on the rate-limited queue. */
@RestController
@RequestMapping("/notifications")
class NotificationController {

  private final AmboyTemplate amboy;

  NotificationController(AmboyTemplate amboy) {
    this.amboy = amboy;
  }

  /**
   * Notifications to send.
   *
   * @param to the recipients
   * @param message the text
   */
  record NotificationRequest(List<String> to, String message) {}

  @PostMapping
  ResponseEntity<Map<String, List<String>>> create(@RequestBody NotificationRequest request) {
    List<String> ids =
        request.to().stream()
            .map(
                to ->
                    amboy.put(
                        "notifications", "notify", Map.of("to", to, "message", request.message())))
            .map(Job::id)
            .toList();
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("ids", ids));
  }
}
