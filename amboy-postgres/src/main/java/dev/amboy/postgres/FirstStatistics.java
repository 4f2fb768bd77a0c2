package dev.amboy.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a new jobs table its first statistics once a queue instance has put {@value #ENOUGH_ROWS}
 * jobs, rather than leaving it to autovacuum, which can take a minute to come round.
 *
 * <p>Without statistics the planner guesses that any one queue holds a fraction of a per cent of
 * the table, and plans a completion as one read of all the queue's rows followed by a comparison of
 * each with every row of the batch, where it otherwise looks each row up by key: 24–37 ms for a
 * completion of about 100 jobs with 20,000 in the queue, against 2–3 ms. A new deployment that
 * starts with a burst of jobs runs its first minute that way. Statistics taken from its first
 * thousand jobs are enough for the key lookups (the planner scales what they say by the table's
 * current size), so one {@code ANALYZE} does it; autovacuum brings them up to date later.
 *
 * <p>The check and the {@code ANALYZE} run on the shared timer, never on the thread that puts, and
 * {@code SKIP_LOCKED} leaves the table to an autovacuum that is already analyzing it. A user who
 * does not own the table gets a warning from PostgreSQL instead of statistics, and the queue
 * carries on as before; so does an instance whose check fails.
 */
final class FirstStatistics {

  /** Jobs an instance puts before it checks; below that, reading the whole queue costs little. */
  static final int ENOUGH_ROWS = 1_000;

  /**
   * {@code ANALYZE} runs an instance may start: a second covers puts that were not committed at the
   * first; more would only repeat PostgreSQL's warning to a user who does not own the table.
   */
  private static final int MAX_ANALYZE_RUNS = 2;

  private static final Logger log = LoggerFactory.getLogger(FirstStatistics.class);

  private final DataSource dataSource;
  private final String schema;
  private final String analyze;
  private final AtomicLong putSinceCheck = new AtomicLong();
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile boolean settled;

  /** Written only by the check, which never runs twice at once. */
  private int analyzeRuns;

  FirstStatistics(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
    this.analyze = "ANALYZE (SKIP_LOCKED) " + schema + ".jobs";
  }

  /** Counts {@code count} jobs put by this instance; checks once there are enough. */
  void put(int count) {
    if (settled
        || putSinceCheck.addAndGet(count) < ENOUGH_ROWS
        || !checking.compareAndSet(false, true)) {
      return;
    }
    PostgresTimer.schedule(this::check, Duration.ZERO);
  }

  /**
   * Analyzes the table when its {@code queue} column has no statistics. The jobs that were counted
   * may not be visible yet (puts that joined the caller's transaction), so after an {@code ANALYZE}
   * the next {@value #ENOUGH_ROWS} jobs check again.
   */
  private void check() {
    try {
      boolean present =
          Jdbc.withConnection(
              dataSource,
              connection -> {
                if (hasStatistics(connection)) {
                  return true;
                }
                try (Statement statement = connection.createStatement()) {
                  statement.execute(analyze);
                }
                log.debug("analyzed {}.jobs, which had no statistics yet", schema);
                return false;
              });
      settled = present || ++analyzeRuns == MAX_ANALYZE_RUNS;
    } catch (SQLException e) {
      settled = true;
      log.debug("could not check the statistics of {}.jobs; leaving them to autovacuum", schema, e);
    } finally {
      putSinceCheck.set(0);
      checking.set(false);
    }
  }

  /** Whether this instance has stopped checking: the statistics were there, or it gave up. */
  boolean settled() {
    return settled;
  }

  private boolean hasStatistics(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_stats"
                + " WHERE schemaname = ? AND tablename = 'jobs' AND attname = 'queue')")) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
