package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.registry.JobRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lock pings and completions find the rows this instance holds by key, one lookup per row of the
 * batch, whatever the table's statistics say: taken while nothing ran (as after a burst of puts),
 * taken while only other queues had rows (a queue group's new queue), or taken by the queue itself
 * after its first puts into a new table. Any other plan reads every running row of the queue, or
 * every row, for each batch, and a new table without statistics gets such a plan.
 */
class HeldRowsPlanTest {

  private static final int PENDING = 20_000;
  private static final int RUNNING = 600;
  private static final int BATCH = 100;
  private static final String OWNER = "plan@instance";

  /** What the table's statistics knew when the queue's rows were claimed. */
  enum Statistics {
    /** Taken after the puts, while nothing ran. */
    WHILE_IDLE,
    /** Taken while the table held only other queues' rows. */
    OTHER_QUEUE,
    /**
     * Taken by the queue once its first jobs were put into the new table ({@link FirstStatistics}).
     */
    FIRST_PUTS,
    /** Not taken: autovacuum has not analyzed the new table yet and the queue has not either. */
    NONE
  }

  @ParameterizedTest(name = "{0}, statistics {1}")
  @CsvSource({
    "force_custom_plan, WHILE_IDLE",
    "force_generic_plan, WHILE_IDLE",
    "force_custom_plan, OTHER_QUEUE",
    "force_generic_plan, OTHER_QUEUE",
    "force_custom_plan, FIRST_PUTS",
    "force_generic_plan, FIRST_PUTS"
  })
  void pingsAndCompletionsLookHeldRowsUpByKey(String planCacheMode, Statistics statistics)
      throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection()) {
      Plans plans = plans(connection, planCacheMode, statistics);

      assertFoundByKey("completion", plans.completion);
      assertFoundByKey("completion of one job", plans.completionOfOne);
      assertFoundByKey("lock ping", plans.ping);
    }
  }

  /**
   * Why {@link FirstStatistics} exists: without any statistics the planner takes the queue for a
   * fraction of a per cent of the table and reads all of its rows for every completion.
   */
  @Test
  void withoutStatisticsACompletionReadsEveryRowOfTheQueue() throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection()) {
      List<String> plan = plans(connection, "force_custom_plan", Statistics.NONE).completion;

      assertThat(plan)
          .as("the completion's plan:%n%s", String.join("\n", plan))
          .anyMatch(line -> line.contains("Index Cond: (queue = 'plan'::text)"))
          .noneMatch(line -> line.contains("Index Cond: ((queue = 'plan'::text) AND (id = "));
    }
  }

  private record Plans(List<String> completion, List<String> completionOfOne, List<String> ping) {}

  /**
   * Fills a new table with {@value #PENDING} jobs of the queue {@code plan}, {@value #RUNNING} of
   * them held by {@link #OWNER}, with the given statistics, and explains the statements that write
   * held rows for a batch of {@value #BATCH}.
   */
  private static Plans plans(Connection connection, String planCacheMode, Statistics statistics)
      throws SQLException {
    String schema =
        TestDatabase.newSchema(
            "held_plan_" + planCacheMode.substring(6, 12) + "_" + statistics.ordinal());
    QueueSql sql = new QueueSql(schema, DispatchMode.UNORDERED);
    try (Statement statement = connection.createStatement()) {
      if (statistics == Statistics.OTHER_QUEUE) {
        statement.execute(
            TestDatabase.insertPendingJobs(schema, "'other-' || (g % 20)", 1, PENDING));
        statement.execute("ANALYZE " + schema + ".jobs");
      }
      if (statistics == Statistics.FIRST_PUTS) {
        putThroughTheQueue(schema);
      } else {
        statement.execute(TestDatabase.insertPendingJobs(schema, "'plan'", 1, PENDING));
      }
      if (statistics == Statistics.WHILE_IDLE) {
        statement.execute("ANALYZE " + schema + ".jobs");
      }
      statement.execute(
          "UPDATE "
              + schema
              + ".jobs SET in_progress = true, owner = '"
              + OWNER
              + "', mod_count = 1 WHERE queue = 'plan' AND id IN (SELECT 'job-' || g FROM"
              + " generate_series(1, "
              + RUNNING
              + ") g)");
      if (statistics == Statistics.NONE) {
        assertThat(ClaimPlanTest.analyzedTimes(connection, schema)).isZero();
      }

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

      return new Plans(
          PreparedPlans.explain(connection, List.of(), planCacheMode, sql.complete, arrayArguments),
          PreparedPlans.explain(
              connection, List.of(), planCacheMode, sql.completeOne, oneRowArguments),
          PreparedPlans.explain(
              connection,
              List.of(),
              planCacheMode,
              sql.ping,
              String.join(", ", ids, counts, "'plan'", "'" + OWNER + "'")));
    }
  }

  /**
   * Puts the jobs through a queue: the first {@link FirstStatistics#ENOUGH_ROWS}, then, once the
   * queue has given the new table statistics, the rest.
   */
  private static void putThroughTheQueue(String schema) {
    PostgresQueue queue =
        new PostgresQueue(
            PostgresQueueOptions.builder(
                    "plan", TestDatabase.dataSource(), TraceJob.register(new JobRegistry()))
                .schema(schema)
                .build());
    try {
      queue.putAll(traceJobs(1, FirstStatistics.ENOUGH_ROWS));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                try (Connection connection = TestDatabase.dataSource().getConnection()) {
                  assertThat(ClaimPlanTest.analyzedTimes(connection, schema)).isPositive();
                }
              });
      queue.putAll(traceJobs(FirstStatistics.ENOUGH_ROWS + 1, PENDING));
    } finally {
      queue.close(Duration.ofSeconds(5));
    }
  }

  private static List<TraceJob> traceJobs(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> new TraceJob("job-" + i, "plan")).toList();
  }

  private static void assertFoundByKey(String statement, List<String> plan) {
    assertThat(plan)
        .as("the %s's plan:%n%s", statement, String.join("\n", plan))
        .anyMatch(line -> line.contains("Index Scan using jobs_pkey"))
        .noneMatch(
            line ->
                line.contains("jobs_running_idx")
                    || line.contains("Bitmap")
                    || line.contains("Seq Scan on jobs"));
  }

  private static String textArray(List<String> values) {
    return values.stream()
        .map(value -> "\"" + value.replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(",", "'{", "}'"));
  }
}
