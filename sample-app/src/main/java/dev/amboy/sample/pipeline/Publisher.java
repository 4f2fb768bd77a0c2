package dev.amboy.sample.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** Where published headlines go: kept in memory with the time they were published. */
@Service
public class Publisher {

  /**
   * A published headline.
   *
   * @param headline the text
   * @param at when it was published
   */
  public record Publication(String headline, Instant at) {}

  private final Map<String, Publication> publications = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  public void publish(String id, String headline) {
    publications.put(id, new Publication(headline, clock.instant()));
  }

  public Map<String, Publication> publications() {
    return Map.copyOf(publications);
  }

  /**
   * Forgets publications older than {@code maxAge}.
   *
   * @return how many were forgotten
   */
  public int forgetOlderThan(Duration maxAge) {
    Instant cutoff = clock.instant().minus(maxAge);
    int before = publications.size();
    publications.values().removeIf(publication -> publication.at().isBefore(cutoff));
    return before - publications.size();
  }
}
