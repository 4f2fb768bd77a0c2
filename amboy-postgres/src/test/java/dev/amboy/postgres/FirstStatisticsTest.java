package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A queue gives a new jobs table statistics after its first thousand jobs, once, and leaves a table
 * that has them to autovacuum. The counts are of {@code ANALYZE} commands, which autovacuum's own
 * runs do not raise.
 */
class FirstStatisticsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void analyzesANewTableOnceItsFirstThousandJobsArePut() throws SQLException {
    String schema = TestDatabase.newSchema("first_stats_new");
    FirstStatistics statistics = new FirstStatistics(TestDatabase.dataSource(), schema);
    insertJobs(schema, 1, FirstStatistics.ENOUGH_ROWS);

    statistics.put(FirstStatistics.ENOUGH_ROWS - 1);
    assertThat(statistics.settled()).isFalse();
    statistics.put(1);

    await().atMost(PATIENCE).until(() -> analyzeCount(schema) == 1);
    assertThat(hasQueueStatistics(schema)).isTrue();

    statistics.put(FirstStatistics.ENOUGH_ROWS);
    await().atMost(PATIENCE).until(statistics::settled);
    statistics.put(10 * FirstStatistics.ENOUGH_ROWS);
    assertThat(analyzeCount(schema)).isEqualTo(1);
  }

  @Test
  void leavesATableWithStatisticsToAutovacuum() throws SQLException {
    String schema = TestDatabase.newSchema("first_stats_old");
    insertJobs(schema, 1, 10);
    execute("ANALYZE " + schema + ".jobs");
    FirstStatistics statistics = new FirstStatistics(TestDatabase.dataSource(), schema);

    statistics.put(FirstStatistics.ENOUGH_ROWS);

    await().atMost(PATIENCE).until(statistics::settled);
    assertThat(analyzeCount(schema)).isEqualTo(1);
  }

  /**
   * Jobs put in a caller's transaction that is still open are not there for {@code ANALYZE}: the
   * next thousand check again, and after a second {@code ANALYZE} without statistics the instance
   * stops, as it does for a user whose {@code ANALYZE} PostgreSQL refuses with a warning.
   */
  @Test
  void stopsAfterTwoAnalyzeRunsThatLeaveNoStatistics() throws SQLException {
    String schema = TestDatabase.newSchema("first_stats_empty");
    FirstStatistics statistics = new FirstStatistics(TestDatabase.dataSource(), schema);

    statistics.put(FirstStatistics.ENOUGH_ROWS);
    await().atMost(PATIENCE).until(() -> analyzeCount(schema) == 1);
    assertThat(statistics.settled()).isFalse();
    statistics.put(FirstStatistics.ENOUGH_ROWS);
    await().atMost(PATIENCE).until(statistics::settled);

    statistics.put(10 * FirstStatistics.ENOUGH_ROWS);
    assertThat(analyzeCount(schema)).isEqualTo(2);
    assertThat(hasQueueStatistics(schema)).isFalse();
  }

  /**
   * PostgreSQL answers the {@code ANALYZE} of a role that does not own the table with a warning and
   * no statistics; the queue's role carries on putting, and its instance stops checking after two
   * runs.
   */
  @Test
  void aRoleThatDoesNotOwnTheTableGetsNoStatisticsAndNoError() throws SQLException {
    String schema = TestDatabase.newSchema("first_stats_role");
    String role = schema + "_writer";
    execute("CREATE ROLE " + role + " LOGIN PASSWORD 'writer'");
    try {
      execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
      execute("GRANT SELECT, INSERT, UPDATE ON " + schema + ".jobs TO " + role);
      PGSimpleDataSource asRole = new PGSimpleDataSource();
      asRole.setURL(TestDatabase.jdbcUrl());
      asRole.setUser(role);
      asRole.setPassword("writer");
      FirstStatistics statistics = new FirstStatistics(asRole, schema);
      insertJobs(schema, 1, FirstStatistics.ENOUGH_ROWS);

      statistics.put(FirstStatistics.ENOUGH_ROWS);
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                statistics.put(FirstStatistics.ENOUGH_ROWS);
                return statistics.settled();
              });

      assertThat(analyzeCount(schema)).isZero();
      assertThat(hasQueueStatistics(schema)).isFalse();
    } finally {
      execute("DROP OWNED BY " + role);
      execute("DROP ROLE " + role);
    }
  }

  private static void insertJobs(String schema, int from, int to) throws SQLException {
    execute(TestDatabase.insertPendingJobs(schema, "'stats'", from, to));
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long analyzeCount(String schema) throws SQLException {
    return single(
        "SELECT analyze_count FROM pg_stat_user_tables WHERE schemaname = ? AND relname = 'jobs'",
        schema);
  }

  private static boolean hasQueueStatistics(String schema) throws SQLException {
    return single(
            "SELECT count(*) FROM pg_stats"
                + " WHERE schemaname = ? AND tablename = 'jobs' AND attname = 'queue'",
            schema)
        > 0;
  }

  private static long single(String sql, String schema) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
