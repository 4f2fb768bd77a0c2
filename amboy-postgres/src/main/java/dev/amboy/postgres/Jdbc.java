package dev.amboy.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/** Connection, transaction and type plumbing shared by the PostgreSQL classes. */
final class Jdbc {

  /** SQLSTATE of a unique-constraint violation. */
  static final String UNIQUE_VIOLATION = "23505";

  /** SQLSTATE of an invalid regular expression. */
  static final String INVALID_REGULAR_EXPRESSION = "2201B";

  private Jdbc() {}

  /** Work done with one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection of its own: with auto-commit as the pool set it, committing
   * at the end when the pool hands out connections without auto-commit.
   */
  static <T> T withConnection(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getAutoCommit()) {
        return work.run(connection);
      }
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    }
  }

  /** Runs {@code work} in one transaction of its own and commits it. */
  static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
    }
  }

  /**
   * Runs {@code work} on the connection the data source hands out, exactly as it comes: no commit,
   * no auto-commit change, so that a transaction-aware data source puts the work in the caller's
   * transaction.
   */
  static <T> T inCallerContext(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  static Instant getInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Array textArray(Connection connection, List<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray(new String[0]));
  }

  static Array bigintArray(Connection connection, List<Long> values) throws SQLException {
    return connection.createArrayOf("int8", values.toArray(new Long[0]));
  }

  static Array intArray(Connection connection, List<Integer> values) throws SQLException {
    return connection.createArrayOf("int4", values.toArray(new Integer[0]));
  }

  static Array booleanArray(Connection connection, List<Boolean> values) throws SQLException {
    return connection.createArrayOf("bool", values.toArray(new Boolean[0]));
  }

  /** Timestamps travel as ISO-8601 text and are cast by the statement. */
  static Array instantArray(Connection connection, List<Instant> values) throws SQLException {
    String[] text = new String[values.size()];
    for (int i = 0; i < text.length; i++) {
      Instant value = values.get(i);
      text[i] = value == null ? null : value.toString();
    }
    return connection.createArrayOf("text", text);
  }

  /** Whether the exception, or one it wraps, carries this SQLSTATE. */
  static boolean hasState(SQLException error, String sqlState) {
    for (SQLException e = error; e != null; e = e.getNextException()) {
      if (sqlState.equals(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
