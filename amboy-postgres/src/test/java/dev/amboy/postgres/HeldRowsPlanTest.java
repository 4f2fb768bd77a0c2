package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lock pings and completions find the rows this instance holds by key, one lookup per row of the
 * batch, even when the table's statistics were taken while nothing ran, as they are after a burst
 * of puts: reading them through the partial index of running rows visits every running row of the
 * queue for each batch.
 */
class HeldRowsPlanTest {

  private static final int PENDING = 20_000;
  private static final int RUNNING = 600;
  private static final int BATCH = 100;
  private static final String OWNER = "plan@instance";

  @ParameterizedTest
  @ValueSource(strings = {"force_custom_plan", "force_generic_plan"})
  void pingsAndCompletionsLookHeldRowsUpByKey(String planCacheMode) throws SQLException {
    DataSource dataSource = TestDatabase.dataSource();
    String schema = TestDatabase.newSchema("held_plan_" + planCacheMode.substring(6, 12));
    QueueSql sql = new QueueSql(schema, DispatchMode.UNORDERED);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + schema
              + ".jobs (queue, id, type, version, priority, body, created_at, ready_at)"
              + " SELECT 'plan', 'job-' || g, 'noop', 1, 0, '{}'::jsonb, now(), now()"
              + " FROM generate_series(1, "
              + PENDING
              + ") g");
      statement.execute("ANALYZE " + schema + ".jobs");
      statement.execute(
          "UPDATE "
              + schema
              + ".jobs SET in_progress = true, owner = '"
              + OWNER
              + "', mod_count = 1 WHERE queue = 'plan' AND id IN (SELECT 'job-' || g FROM"
              + " generate_series(1, "
              + RUNNING
              + ") g)");

      String ids = textArray(IntStream.rangeClosed(1, BATCH).mapToObj(i -> "job-" + i).toList());
      String counts = "'{" + String.join(",", Collections.nCopies(BATCH, "1")) + "}'";
      String texts = textArray(Collections.nCopies(BATCH, "2026-01-01T00:00:00Z"));
      String errors = textArray(Collections.nCopies(BATCH, "[]"));
      String nulls = "'{" + String.join(",", Collections.nCopies(BATCH, "NULL")) + "}'";
      String trues = "'{" + String.join(",", Collections.nCopies(BATCH, "true")) + "}'";
      String falses = "'{" + String.join(",", Collections.nCopies(BATCH, "false")) + "}'";
      String arrayArguments =
          String.join(
              ", ",
              ids,
              counts,
              nulls,
              errors,
              texts,
              texts,
              trues,
              falses,
              nulls,
              nulls,
              nulls,
              "'plan'",
              "'" + OWNER + "'");
      String oneRowArguments =
          "'job-1', 1, NULL, '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', true, false,"
              + " NULL, NULL, NULL, 'plan', '"
              + OWNER
              + "'";

      assertFoundByKey(
          "completion",
          PreparedPlans.explain(
              connection, List.of(), planCacheMode, sql.complete, arrayArguments));
      assertFoundByKey(
          "completion of one job",
          PreparedPlans.explain(
              connection, List.of(), planCacheMode, sql.completeOne, oneRowArguments));
      assertFoundByKey(
          "lock ping",
          PreparedPlans.explain(
              connection,
              List.of(),
              planCacheMode,
              sql.ping,
              String.join(", ", ids, counts, "'plan'", "'" + OWNER + "'")));
    }
  }

  private static void assertFoundByKey(String statement, List<String> plan) {
    assertThat(plan)
        .as("the %s's plan:%n%s", statement, String.join("\n", plan))
        .anyMatch(line -> line.contains("Index Scan using jobs_pkey"))
        .noneMatch(line -> line.contains("jobs_running_idx") || line.contains("Seq Scan on jobs"));
  }

  private static String textArray(List<String> values) {
    return values.stream()
        .map(value -> "\"" + value.replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(",", "'{", "}'"));
  }
}
