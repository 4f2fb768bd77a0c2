package dev.amboy.sample.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Sends notifications; here it logs them and keeps a list of what it sent. */
@Service
public class Notifier {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  /**
   * A sent notification.
   *
   * @param to the recipient
   * @param message the text
   * @param at when it was sent
   */
  public record Sent(String to, String message, Instant at) {}

  private final List<Sent> sent = new ArrayList<>();
  private final Clock clock = Clock.systemUTC();

  public synchronized Sent send(String to, String message) {
    Sent notification = new Sent(to, message, clock.instant());
    sent.add(notification);
    log.info("notified {}: {}", to, message);
    return notification;
  }

  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /**
   * Forgets notifications sent longer than {@code maxAge} ago.
   *
   * @return how many were forgotten
   */
  public synchronized int forgetOlderThan(Duration maxAge) {
    Instant cutoff = clock.instant().minus(maxAge);
    int before = sent.size();
    sent.removeIf(notification -> notification.at().isBefore(cutoff));
    return before - sent.size();
  }
}
