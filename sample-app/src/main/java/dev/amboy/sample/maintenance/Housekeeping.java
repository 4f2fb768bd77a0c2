package dev.amboy.sample.maintenance;

import dev.amboy.Job;
import dev.amboy.spring.AmboyInterval;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Puts a clean-up job into the maintenance queue on a schedule, like {@code @Scheduled}. */
@Component
class Housekeeping {

  private final AmboyTemplate amboy;
  private final Duration maxAge;

  Housekeeping(AmboyTemplate amboy, @Value("${sample.cleanup.max-age:1h}") Duration maxAge) {
    this.amboy = amboy;
    this.maxAge = maxAge;
  }

  @AmboyInterval(queue = "maintenance", interval = "${sample.cleanup.interval:1m}", jitter = "1s")
  Job cleanup() {
    return amboy.create("cleanup", Map.of("maxAge", maxAge.toString()));
  }
}
