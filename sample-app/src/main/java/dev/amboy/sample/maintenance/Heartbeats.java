package dev.amboy.sample.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** The last heartbeat of each source. */
@Service
public class Heartbeats {

  private final Map<String, Instant> last = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  public void beat(String source) {
    last.put(source == null ? "unknown" : source, clock.instant());
  }

  public Map<String, Instant> last() {
    return Map.copyOf(last);
  }
}
