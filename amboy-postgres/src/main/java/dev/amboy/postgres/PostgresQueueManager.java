package dev.amboy.postgres;

import dev.amboy.AmboyException;
import dev.amboy.JobNotDefinedException;
import dev.amboy.management.ErrorFilter;
import dev.amboy.management.JobCounters;
import dev.amboy.management.JobErrorsForType;
import dev.amboy.management.JobErrorsReport;
import dev.amboy.management.JobReportIds;
import dev.amboy.management.JobRuntimeReport;
import dev.amboy.management.JobRuntimes;
import dev.amboy.management.JobStatusReport;
import dev.amboy.management.QueueManager;
import dev.amboy.management.RuntimeFilter;
import dev.amboy.management.StatusFilter;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reports and bulk operations on PostgreSQL queues, each one SQL statement: counts with {@code
 * GROUP BY type}, averages over time windows, distinct errors, completion by id, filter, type or
 * regular expression ({@code ~}), and pruning with a limit.
 *
 * <p>It manages one queue, or every queue of a {@link PostgresQueueGroup}; in group mode every
 * report entry names its queue in {@code group}, job ids are written {@code <queue>/<id>}, and
 * {@link #completeJob(String)} takes that form.
 */
public final class PostgresQueueManager implements QueueManager {

  private static final Duration MINIMUM_WINDOW = Duration.ofSeconds(1);

  private final PostgresQueueManagerOptions options;
  private final String jobs;
  private final String scope;
  private final String groupColumn;
  private final String prefix;
  private final String prefixEnd;
  private final String lockTimeout;

  public PostgresQueueManager(PostgresQueueManagerOptions options) {
    this.options = options;
    this.jobs = options.schema() + ".jobs";
    if (options.queue() != null) {
      this.scope = "j.queue = ?";
      this.groupColumn = "NULL::text";
      this.prefix = null;
      this.prefixEnd = null;
    } else {
      this.prefix = options.group() + "/";
      this.prefixEnd = options.group() + "0";
      this.scope = "j.queue >= ? AND j.queue < ?";
      this.groupColumn = "substr(j.queue, " + (prefix.length() + 1) + ")";
    }
    this.lockTimeout = "(interval '1 millisecond' * " + options.lockTimeout().toMillis() + ")";
  }

  private String predicate(StatusFilter filter) {
    return switch (filter) {
      case IN_PROGRESS -> "j.in_progress AND j.updated_at >= now() - " + lockTimeout;
      case PENDING -> QueueSql.pending("j");
      case STALE -> "j.in_progress AND j.updated_at < now() - " + lockTimeout;
      case COMPLETED -> "j.completed";
      case ALL -> "NOT j.dropped";
    };
  }

  /** The time {@link #pruneJobs} compares for each filter. */
  private static String relevantTime(StatusFilter filter) {
    return switch (filter) {
      case COMPLETED -> "j.ended_at";
      case IN_PROGRESS, STALE -> "j.started_at";
      case PENDING -> "j.created_at";
      case ALL ->
          "CASE WHEN j.completed THEN j.ended_at WHEN j.in_progress THEN j.started_at"
              + " ELSE j.created_at END";
    };
  }

  private int bindScope(PreparedStatement statement, int index) throws SQLException {
    if (options.queue() != null) {
      statement.setString(index, options.queue());
      return index + 1;
    }
    statement.setString(index, prefix);
    statement.setString(index + 1, prefixEnd);
    return index + 2;
  }

  private Instant now() {
    return options.clock().instant().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public JobStatusReport jobStatus(StatusFilter filter) {
    requireFilter(filter);
    String query =
        "SELECT j.type, "
            + groupColumn
            + " AS grp, count(*) FROM "
            + jobs
            + " j WHERE "
            + scope
            + " AND "
            + predicate(filter)
            + " GROUP BY j.type, grp ORDER BY j.type, grp";
    List<JobCounters> data =
        query(
            "report job status",
            query,
            statement -> bindScope(statement, 1),
            rs -> new JobCounters(rs.getString(1), rs.getLong(3), rs.getString(2)));
    return new JobStatusReport(filter, data);
  }

  @Override
  public JobRuntimeReport recentTiming(Duration window, RuntimeFilter filter) {
    requireWindow(window);
    if (filter == null) {
      throw new IllegalArgumentException("runtime filter must be set but was null");
    }
    String value;
    String condition;
    switch (filter) {
      case DURATION -> {
        value = "j.ended_at - j.started_at";
        condition = "j.completed AND j.started_at IS NOT NULL AND j.ended_at >= ?";
      }
      case LATENCY -> {
        value = "j.started_at - j.created_at";
        condition =
            "(j.completed OR j.in_progress) AND j.started_at IS NOT NULL AND j.created_at >= ?";
      }
      default -> {
        value = "?::timestamptz - j.started_at";
        condition = "j.in_progress AND j.started_at IS NOT NULL";
      }
    }
    Instant now = now();
    String query =
        "SELECT j.type, "
            + groupColumn
            + " AS grp, avg(EXTRACT(EPOCH FROM ("
            + value
            + "))), count(*) FROM "
            + jobs
            + " j WHERE "
            + scope
            + " AND "
            + condition
            + " GROUP BY j.type, grp ORDER BY j.type, grp";
    List<JobRuntimes> data =
        query(
            "report job timing",
            query,
            statement -> {
              int i = 1;
              if (filter == RuntimeFilter.RUNNING) {
                Jdbc.setInstant(statement, i++, now);
              }
              i = bindScope(statement, i);
              if (filter != RuntimeFilter.RUNNING) {
                Jdbc.setInstant(statement, i++, now.minus(window));
              }
              return i;
            },
            rs ->
                new JobRuntimes(
                    rs.getString(1),
                    Duration.ofNanos(Math.round(rs.getDouble(3) * 1e9)),
                    rs.getLong(4),
                    rs.getString(2)));
    return new JobRuntimeReport(filter, window, data);
  }

  @Override
  public JobReportIds jobIdsByState(String jobType, StatusFilter filter) {
    requireType(jobType);
    requireFilter(filter);
    String id = options.queue() != null ? "j.id" : groupColumn + " || '/' || j.id";
    String query =
        "SELECT "
            + id
            + " FROM "
            + jobs
            + " j WHERE "
            + scope
            + " AND j.type = ? AND "
            + predicate(filter)
            + " ORDER BY j.queue, j.id";
    List<String> ids =
        query(
            "list job ids",
            query,
            statement -> {
              int i = bindScope(statement, 1);
              statement.setString(i++, jobType);
              return i;
            },
            rs -> rs.getString(1));
    return new JobReportIds(jobType, filter, ids, options.group());
  }

  @Override
  public JobErrorsReport recentErrors(Duration window, ErrorFilter filter) {
    return errors(null, window, filter);
  }

  @Override
  public JobErrorsReport recentJobErrors(String jobType, Duration window, ErrorFilter filter) {
    requireType(jobType);
    return errors(jobType, window, filter);
  }

  private JobErrorsReport errors(String jobType, Duration window, ErrorFilter filter) {
    requireWindow(window);
    if (filter == null) {
      throw new IllegalArgumentException("error filter must be set but was null");
    }
    String messages =
        switch (filter) {
          case UNIQUE -> "array_agg(DISTINCT m.message ORDER BY m.message)";
          case ALL -> "array_agg(m.message ORDER BY m.queue, m.id, m.n)";
          case STATS_ONLY -> "NULL::text[]";
        };
    String query =
        "WITH failed AS (SELECT j.queue, j.id, j.type, j.err_count, j.errors, "
            + groupColumn
            + " AS grp FROM "
            + jobs
            + " j WHERE "
            + scope
            + " AND j.completed AND j.err_count > 0 AND j.ended_at >= ?"
            + (jobType == null ? "" : " AND j.type = ?")
            + "), per_type AS (SELECT type, grp, count(*) AS jobs, sum(err_count) AS total"
            + " FROM failed GROUP BY type, grp),"
            + " messages AS (SELECT f.type, f.grp, f.queue, f.id, e.message, e.n FROM failed f"
            + " CROSS JOIN LATERAL unnest(f.errors) WITH ORDINALITY AS e(message, n)),"
            + " listed AS (SELECT m.type, m.grp, "
            + messages
            + " AS messages FROM messages m GROUP BY m.type, m.grp)"
            + " SELECT p.type, p.grp, p.jobs, p.total, l.messages FROM per_type p"
            + " LEFT JOIN listed l ON l.type = p.type AND l.grp IS NOT DISTINCT FROM p.grp"
            + " ORDER BY p.type, p.grp";
    Instant since = now().minus(window);
    List<JobErrorsForType> data =
        query(
            "report job errors",
            query,
            statement -> {
              int i = bindScope(statement, 1);
              Jdbc.setInstant(statement, i++, since);
              if (jobType != null) {
                statement.setString(i++, jobType);
              }
              return i;
            },
            rs -> {
              long count = rs.getLong(3);
              long total = rs.getLong(4);
              return new JobErrorsForType(
                  rs.getString(1),
                  count,
                  total,
                  count == 0 ? 0 : (double) total / count,
                  textList(rs.getArray(5)),
                  rs.getString(2));
            });
    return new JobErrorsReport(window, filter, data);
  }

  @Override
  public void completeJob(String jobId) {
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException(
          "job id must not be blank but was " + (jobId == null ? "null" : "'" + jobId + "'"));
    }
    String queue;
    String id;
    if (options.queue() != null) {
      queue = options.queue();
      id = jobId;
    } else {
      int slash = jobId.indexOf('/');
      if (slash <= 0 || slash == jobId.length() - 1) {
        throw new IllegalArgumentException(
            "a job id in group '"
                + options.group()
                + "' must be written <queue>/<id> but was '"
                + jobId
                + "'");
      }
      queue = prefix + jobId.substring(0, slash);
      id = jobId.substring(slash + 1);
    }
    String condition = "j.queue = ? AND j.id = ?";
    int changed =
        complete(
            condition,
            statement -> {
              statement.setString(2, queue);
              statement.setString(3, id);
              return 4;
            },
            true);
    if (changed == 0) {
      boolean exists =
          !query(
                  "find job '" + jobId + "'",
                  "SELECT 1 FROM " + jobs + " WHERE queue = ? AND id = ? AND NOT dropped",
                  statement -> {
                    statement.setString(1, queue);
                    statement.setString(2, id);
                    return 3;
                  },
                  rs -> rs.getInt(1))
              .isEmpty();
      if (!exists) {
        throw new JobNotDefinedException(options.queue() != null ? options.queue() : queue, jobId);
      }
    }
  }

  @Override
  public int completeJobs(StatusFilter filter) {
    requireCompletable(filter);
    return complete(
        scope + " AND " + predicate(filter), statement -> bindScope(statement, 2), false);
  }

  @Override
  public int completeJobsByType(StatusFilter filter, String jobType) {
    requireCompletable(filter);
    requireType(jobType);
    return complete(
        scope + " AND " + predicate(filter) + " AND j.type = ?",
        statement -> {
          int i = bindScope(statement, 2);
          statement.setString(i++, jobType);
          return i;
        },
        false);
  }

  @Override
  public int completeJobsByPattern(StatusFilter filter, String idPattern) {
    requireCompletable(filter);
    requirePattern(idPattern);
    return complete(
        scope + " AND " + predicate(filter) + " AND j.id ~ ?",
        statement -> {
          int i = bindScope(statement, 2);
          statement.setString(i++, idPattern);
          return i;
        },
        false);
  }

  /**
   * Marks the matching unfinished rows completed (status columns, end time, modification count) and
   * frees their scopes; a worker still running one of them loses its lock at its next ping.
   */
  private int complete(String condition, Binder binder, boolean single) {
    String statementSql =
        "WITH done AS (UPDATE "
            + jobs
            + " j SET completed = true, in_progress = false, canceled = false, owner = '',"
            + " mod_count = j.mod_count + 1, updated_at = now(), ended_at = ?"
            + " WHERE "
            + condition
            + " AND NOT j.completed AND NOT j.dropped RETURNING j.queue, j.id),"
            + " freed AS (DELETE FROM "
            + options.schema()
            + ".scopes s USING done WHERE s.queue = done.queue AND s.job_id = done.id)"
            + " SELECT count(*) FROM done";
    Instant now = now();
    List<Integer> counts =
        query(
            single ? "complete a job" : "complete jobs",
            statementSql,
            statement -> {
              Jdbc.setInstant(statement, 1, now);
              return binder.bind(statement);
            },
            rs -> rs.getInt(1));
    int changed = counts.get(0);
    if (changed > 0) {
      notifyQueues();
    }
    return changed;
  }

  /** Completed jobs may unblock dependents and free scopes: wake the queues' workers. */
  private void notifyQueues() {
    String channel = "amboy_" + options.schema();
    String payloads =
        options.queue() != null
            ? "SELECT pg_notify(?, ?)"
            : "SELECT pg_notify(?, q.queue) FROM (SELECT DISTINCT j.queue FROM "
                + jobs
                + " j WHERE "
                + scope
                + " AND "
                + QueueSql.pending("j")
                + ") q";
    query(
        "notify queues",
        payloads,
        statement -> {
          statement.setString(1, channel);
          if (options.queue() != null) {
            statement.setString(2, options.queue());
            return 3;
          }
          return bindScope(statement, 2);
        },
        rs -> 0);
  }

  @Override
  public int pruneJobs(Instant before, int limit, StatusFilter filter) {
    requireFilter(filter);
    if (before == null) {
      throw new IllegalArgumentException("prune time must be set but was null");
    }
    if (before.isAfter(options.clock().instant())) {
      throw new IllegalArgumentException("prune time must not be in the future but was " + before);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0: no limit) but was " + limit);
    }
    String statementSql =
        "WITH gone AS (DELETE FROM "
            + jobs
            + " d WHERE (d.queue, d.id) IN (SELECT j.queue, j.id FROM "
            + jobs
            + " j WHERE "
            + scope
            + " AND "
            + (filter == StatusFilter.ALL ? "true" : predicate(filter))
            + " AND "
            + relevantTime(filter)
            + " < ?"
            + (limit > 0 ? " LIMIT " + limit : "")
            + ") RETURNING d.queue, d.completed, d.dropped),"
            + " counted AS (INSERT INTO "
            + options.schema()
            + ".queue_counters AS q (queue, completed, dropped)"
            + " SELECT queue, count(*) FILTER (WHERE completed), count(*) FILTER (WHERE dropped)"
            + " FROM gone GROUP BY queue HAVING count(*) FILTER (WHERE completed OR dropped) > 0"
            + " ON CONFLICT (queue) DO UPDATE SET completed = q.completed + EXCLUDED.completed,"
            + " dropped = q.dropped + EXCLUDED.dropped)"
            + " SELECT count(*) FROM gone";
    return query(
            "prune jobs",
            statementSql,
            statement -> {
              int i = bindScope(statement, 1);
              Jdbc.setInstant(statement, i++, before);
              return i;
            },
            rs -> rs.getInt(1))
        .get(0);
  }

  private static void requireFilter(StatusFilter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("status filter must be set but was null");
    }
  }

  private static void requireCompletable(StatusFilter filter) {
    requireFilter(filter);
    if (filter == StatusFilter.COMPLETED) {
      throw new IllegalArgumentException(
          "status filter must not be 'completed' for a complete operation: completed jobs are"
              + " already complete");
    }
  }

  private static void requireType(String jobType) {
    if (jobType == null || jobType.isBlank()) {
      throw new IllegalArgumentException(
          "job type must not be blank but was " + (jobType == null ? "null" : "'" + jobType + "'"));
    }
  }

  private static void requireWindow(Duration window) {
    if (window == null || window.compareTo(MINIMUM_WINDOW) < 0) {
      throw new IllegalArgumentException("window must be >= 1s but was " + window);
    }
  }

  private void requirePattern(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException(
          "id pattern must not be blank but was "
              + (pattern == null ? "null" : "'" + pattern + "'"));
    }
    try {
      Jdbc.withConnection(
          options.dataSource(),
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT '' ~ ?")) {
              statement.setString(1, pattern);
              statement.executeQuery().close();
            }
            return null;
          });
    } catch (SQLException e) {
      if (Jdbc.hasState(e, Jdbc.INVALID_REGULAR_EXPRESSION)) {
        throw new IllegalArgumentException(
            "id pattern '" + pattern + "' is not a valid regular expression: " + e.getMessage(), e);
      }
      throw new AmboyException("cannot check id pattern '" + pattern + "': " + e.getMessage(), e);
    }
  }

  private static List<String> textList(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((String[]) array.getArray());
  }

  /** Sets a statement's parameters; returns the next free index. */
  @FunctionalInterface
  private interface Binder {
    int bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads one result row. */
  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String what, String sql, Binder binder, RowReader<T> reader) {
    try {
      return Jdbc.withConnection(
          options.dataSource(),
          connection -> {
            List<T> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              binder.bind(statement);
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  rows.add(reader.read(rs));
                }
              }
            }
            return rows;
          });
    } catch (SQLException e) {
      throw new AmboyException(
          "cannot "
              + what
              + " for "
              + (options.queue() != null
                  ? "queue '" + options.queue() + "'"
                  : "group '" + options.group() + "'")
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
