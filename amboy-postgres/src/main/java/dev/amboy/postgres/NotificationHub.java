package dev.amboy.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LISTEN connection per data source and channel in the JVM, shared by every queue that uses
 * them: a thread waits for notifications and hands each payload (a queue name) to the subscribers.
 * When the connection breaks it reconnects with a bounded back-off, and tells every subscriber
 * (with a {@code null} payload) that notifications may have been missed.
 */
final class NotificationHub {

  private static final Logger log = LoggerFactory.getLogger(NotificationHub.class);
  private static final int WAIT_MILLIS = 500;
  private static final Duration LIVENESS_CHECK = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Map<Key, NotificationHub> HUBS = new HashMap<>();

  private final Key key;
  private final Set<Consumer<String>> subscribers = new CopyOnWriteArraySet<>();
  private final Thread thread;
  private volatile boolean stopped;

  private NotificationHub(Key key) {
    this.key = key;
    this.thread = new Thread(this::listen, "amboy-postgres-listen-" + key.channel);
    this.thread.setDaemon(true);
  }

  /**
   * Subscribes to a channel; the returned handle unsubscribes, and the last one out closes the
   * connection.
   */
  static AutoCloseable subscribe(DataSource dataSource, String channel, Consumer<String> handler) {
    Key key = new Key(dataSource, channel);
    NotificationHub hub;
    synchronized (HUBS) {
      hub = HUBS.get(key);
      if (hub == null) {
        hub = new NotificationHub(key);
        HUBS.put(key, hub);
        hub.subscribers.add(handler);
        hub.thread.start();
      } else {
        hub.subscribers.add(handler);
      }
    }
    NotificationHub subscribed = hub;
    return () -> subscribed.unsubscribe(handler);
  }

  private void unsubscribe(Consumer<String> handler) {
    synchronized (HUBS) {
      subscribers.remove(handler);
      if (subscribers.isEmpty() && HUBS.get(key) == this) {
        HUBS.remove(key);
        stopped = true;
      }
    }
  }

  private void listen() {
    long backoffMillis = 50;
    boolean failing = false;
    while (!stopped) {
      try (Connection connection = key.dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + key.channel);
        }
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        if (failing) {
          log.info("listening on channel '{}' again", key.channel);
        }
        failing = false;
        backoffMillis = 50;
        deliver(null);
        long lastCheck = System.nanoTime();
        while (!stopped) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              deliver(notification.getParameter());
            }
          }
          if (System.nanoTime() - lastCheck > LIVENESS_CHECK.toNanos()) {
            try (Statement statement = connection.createStatement()) {
              statement.execute("SELECT 1");
            }
            if (!connection.getAutoCommit()) {
              connection.commit();
            }
            lastCheck = System.nanoTime();
          }
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute("UNLISTEN " + key.channel);
        }
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (stopped) {
          return;
        }
        if (!failing) {
          log.warn(
              "the LISTEN connection for channel '{}' failed ({}); reconnecting, queues poll"
                  + " meanwhile",
              key.channel,
              e.getMessage());
        }
        failing = true;
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
      }
    }
  }

  private void deliver(String payload) {
    for (Consumer<String> subscriber : subscribers) {
      try {
        subscriber.accept(payload);
      } catch (RuntimeException e) {
        log.warn("a notification subscriber on channel '{}' failed", key.channel, e);
      }
    }
  }

  /** Hubs are per data source instance (identity) and channel. */
  private static final class Key {
    final DataSource dataSource;
    final String channel;

    Key(DataSource dataSource, String channel) {
      this.dataSource = dataSource;
      this.channel = channel;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key that
          && that.dataSource == dataSource
          && that.channel.equals(channel);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(dataSource) * 31 + channel.hashCode();
    }
  }
}
