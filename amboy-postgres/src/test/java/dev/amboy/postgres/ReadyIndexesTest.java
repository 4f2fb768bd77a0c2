package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.amboy.registry.JobRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pending rows of priority 0 and of other priorities sit in different ready indexes: the statements
 * that look for a queue's pending rows ask both halves, and read each by its index.
 */
class ReadyIndexesTest {

  private final DataSource dataSource = TestDatabase.dataSource();

  @ParameterizedTest(name = "priority {0}")
  @ValueSource(ints = {0, 7, -3})
  void readyWorkIsFoundWhateverItsPriority(int priority) throws SQLException {
    String schema = TestDatabase.newSchema("ready_work");
    QueueSql sql = new QueueSql(schema, DispatchMode.UNORDERED);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(pendingJob(schema, "later", priority, "now() + interval '1 hour'"));
      assertThat(hasReadyWork(connection, sql)).isFalse();

      statement.execute(pendingJob(schema, "now", priority, "now() - interval '1 second'"));
      assertThat(hasReadyWork(connection, sql)).isTrue();
    }
  }

  @Test
  void theNextDueTimeIsTheEarliestOfBothHalves() throws SQLException {
    String schema = TestDatabase.newSchema("next_due");
    QueueSql sql = new QueueSql(schema, DispatchMode.UNORDERED);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(nextDueMillis(connection, sql)).as("nothing waits").isNull();

      statement.execute(pendingJob(schema, "zero", 0, "now() + interval '60 seconds'"));
      assertThat(nextDueMillis(connection, sql)).isCloseTo(60_000, within(2_000.0));

      statement.execute(pendingJob(schema, "high", 5, "now() + interval '20 seconds'"));
      assertThat(nextDueMillis(connection, sql)).isCloseTo(20_000, within(2_000.0));

      statement.execute(pendingJob(schema, "zero-soon", 0, "now() + interval '10 seconds'"));
      assertThat(nextDueMillis(connection, sql)).isCloseTo(10_000, within(2_000.0));
    }
  }

  /**
   * With many finished rows and fresh statistics, the next due time, the check for ready work and a
   * group's search for queues with pending work read the two ready indexes, not the table or its
   * primary key.
   */
  @Test
  void lookupsOfPendingRowsReadBothReadyIndexes() throws SQLException {
    String schema = TestDatabase.newSchema("ready_plans");
    QueueSql sql = new QueueSql(schema, DispatchMode.UNORDERED);
    PostgresQueueGroup group =
        new PostgresQueueGroup(
            PostgresQueueGroupOptions.builder(
                    "plans",
                    PostgresQueueOptions.builder("template", dataSource, new JobRegistry())
                        .schema(schema)
                        .build())
                .build());
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + schema
              + ".jobs (queue, id, type, version, priority, body, created_at, ready_at, completed)"
              + " SELECT CASE WHEN g % 2 = 0 THEN 'plan' ELSE 'plans/q' || (g % 50) END,"
              + " 'done-' || g, 'noop', 1, g % 3, '{}'::jsonb, now(), now(), true"
              + " FROM generate_series(1, 40000) g");
      statement.execute(pendingJob(schema, "zero", 0, "now() + interval '1 minute'"));
      statement.execute(pendingJob(schema, "other", 2, "now() + interval '1 minute'"));
      statement.execute("ANALYZE " + schema + ".jobs");

      for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
        assertReadsBothReadyIndexes(
            PreparedPlans.explain(connection, List.of(), mode, sql.nextDue, "'plan', 'plan'"));
        assertReadsBothReadyIndexes(
            PreparedPlans.explain(connection, List.of(), mode, sql.hasReadyWork, "'plan', 'plan'"));
        assertReadsBothReadyIndexes(
            PreparedPlans.explain(
                connection,
                List.of(),
                mode,
                group.activeQueues,
                "'plans/', 'plans0', 'plans/', 'plans0', 'plans0', 'plans0', 'plans/', 'plans0',"
                    + " 60000"));
      }
    }
  }

  private static void assertReadsBothReadyIndexes(List<String> plan) {
    String text = String.join("\n", plan);
    assertThat(plan)
        .as("the plan:%n%s", text)
        .anyMatch(line -> line.contains("jobs_ready_default_priority_idx"))
        .anyMatch(
            line ->
                line.contains("jobs_ready_other_priority_idx")
                    || line.contains("jobs_ready_by_priority_idx"))
        .noneMatch(line -> line.contains("Seq Scan on jobs") || line.contains("jobs_pkey"));
  }

  private static String pendingJob(String schema, String id, int priority, String readyAt) {
    return "INSERT INTO "
        + schema
        + ".jobs (queue, id, type, version, priority, body, created_at, ready_at) VALUES ('plan', '"
        + id
        + "', 'noop', 1, "
        + priority
        + ", '{}'::jsonb, now(), "
        + readyAt
        + ")";
  }

  private static boolean hasReadyWork(Connection connection, QueueSql sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.hasReadyWork)) {
      statement.setString(1, "plan");
      statement.setString(2, "plan");
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBoolean(1);
      }
    }
  }

  private static Double nextDueMillis(Connection connection, QueueSql sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.nextDue)) {
      statement.setString(1, "plan");
      statement.setString(2, "plan");
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        double millis = rs.getDouble(1);
        return rs.wasNull() ? null : millis;
      }
    }
  }
}
