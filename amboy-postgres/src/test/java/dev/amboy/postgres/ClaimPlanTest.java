package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The claim reads the ready index in order and stops after its batch even when the table's
 * statistics are missing, as they are right after a burst of puts into a new table: without the
 * claim's plan setting PostgreSQL reads every pending row and sorts them for each claim.
 */
class ClaimPlanTest {

  private static final int PENDING = 20_000;

  @ParameterizedTest
  @EnumSource(DispatchMode.class)
  void claimScansTheReadyIndexInOrderWithoutStatistics(DispatchMode mode) throws SQLException {
    DataSource dataSource = TestDatabase.dataSource();
    String schema = TestDatabase.newSchema("claim_plan_" + mode.name().toLowerCase());
    QueueSql sql = new QueueSql(schema, mode);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + schema
              + ".jobs (queue, id, type, version, priority, body, created_at, ready_at)"
              + " SELECT 'plan', 'job-' || g, 'noop', 1, g % 3, '{}'::jsonb, now(),"
              + " now() - interval '1 hour' + g * interval '1 millisecond'"
              + " FROM generate_series(1, "
              + PENDING
              + ") g");
      assertThat(analyzedTimes(connection, schema)).isZero();

      List<String> plan = explainClaim(connection, sql, "COSTS");

      assertThat(plan)
          .as("each half of the ready indexes is read in order:%n%s", String.join("\n", plan))
          .anyMatch(line -> line.contains("Index Scan using jobs_ready_default_priority_idx"))
          .anyMatch(
              line ->
                  line.contains(
                      mode == DispatchMode.PRIORITY
                          ? "Index Scan using jobs_ready_by_priority_idx"
                          : "Index Scan using jobs_ready_other_priority_idx"));
      assertThat(sortsBelowTheMerge(plan))
          .as("only the merge of the two halves sorts:%n%s", String.join("\n", plan))
          .isZero();
    }
  }

  /**
   * Sort nodes under the claim's merge of the two halves ({@code Append}): a sort there would order
   * every pending row of a half instead of reading its index in order.
   */
  private static long sortsBelowTheMerge(List<String> plan) {
    int merge = -1;
    for (int i = 0; i < plan.size(); i++) {
      if (plan.get(i).contains("->  Append")) {
        merge = i;
        break;
      }
    }
    assertThat(merge).as("the claim merges two halves:%n%s", String.join("\n", plan)).isPositive();
    return plan.subList(merge, plan.size()).stream().filter(line -> line.contains("Sort")).count();
  }

  /**
   * The forbidden sort prices the claim at 10<sup>10</sup> before PostgreSQL 18, far above {@code
   * jit_above_cost}: a server built with JIT compiled every claim with LLVM first (half a second
   * per claim on PostgreSQL 15). {@code EXPLAIN (SETTINGS)} lists the settings the claim is planned
   * and run with; the test server need not be built with JIT for that.
   */
  @ParameterizedTest
  @EnumSource(DispatchMode.class)
  void claimRunsWithoutJitCompilationWhateverItsEstimatedCost(DispatchMode mode)
      throws SQLException {
    DataSource dataSource = TestDatabase.dataSource();
    String schema = TestDatabase.newSchema("claim_jit_" + mode.name().toLowerCase());
    QueueSql sql = new QueueSql(schema, mode);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(TestDatabase.insertPendingJobs(schema, "'plan'", "g % 3", 1, 1000));
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT current_setting('jit_above_cost')::float8,"
                  + " current_setting('server_version_num')::int")) {
        assertThat(rs.next()).isTrue();
        double jitAboveCost = rs.getDouble(1);
        int version = rs.getInt(2);

        List<String> plan = explainClaim(connection, sql, "SETTINGS");

        if (version < 180_000) {
          assertThat(totalCost(plan))
              .as("the forbidden sort's price keeps the claim above jit_above_cost:%n%s", plan)
              .isGreaterThan(jitAboveCost);
        }
        assertThat(plan)
            .as("the claim is planned with JIT off:%n%s", String.join("\n", plan))
            .anyMatch(line -> line.startsWith("Settings:") && line.contains("jit = 'off'"));
      }
    }
  }

  /** The estimated total cost of a plan's top node: {@code (cost=startup..total ...)}. */
  private static double totalCost(List<String> plan) {
    String top = plan.get(0);
    int from = top.indexOf("..") + 2;
    return Double.parseDouble(top.substring(from, top.indexOf(' ', from)));
  }

  @ParameterizedTest
  @EnumSource(DispatchMode.class)
  void theCachedGenericPlanLooksRowsUpByKeyWithOrWithoutStatistics(DispatchMode mode)
      throws SQLException {
    DataSource dataSource = TestDatabase.dataSource();
    String schema = TestDatabase.newSchema("claim_generic_" + mode.name().toLowerCase());
    QueueSql sql = new QueueSql(schema, mode);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + schema
              + ".jobs (queue, id, type, version, priority, body, created_at, ready_at, completed)"
              + " SELECT 'plan', 'job-' || g, 'noop', 1, 0, '{}'::jsonb, now(), now(), g % 2 = 0"
              + " FROM generate_series(1, 5000) g");
      assertThat(analyzedTimes(connection, schema)).isZero();
      assertGenericClaimPlanLooksRowsUpByKey(connection, sql);

      statement.execute("ANALYZE " + schema + ".jobs");
      assertGenericClaimPlanLooksRowsUpByKey(connection, sql);
    }
  }

  private static void assertGenericClaimPlanLooksRowsUpByKey(Connection connection, QueueSql sql)
      throws SQLException {
    List<String> plan =
        PreparedPlans.explain(
            connection,
            List.of(QueueSql.CLAIM_PLAN),
            "force_generic_plan",
            sql.claim,
            "'plan', 'plan', 'plan', 32, 'plan', 32, 32, 'owner', now(), 'plan'");

    assertThat(plan).noneMatch(line -> line.contains("Bitmap") || line.contains("Seq Scan"));
    assertThat(plan)
        .as("the claimed and the expired rows are found by key:%n%s", String.join("\n", plan))
        .anyMatch(line -> line.contains("Index Scan using jobs_pkey on jobs j "))
        .anyMatch(line -> line.contains("Index Scan using jobs_pkey on jobs d "));
  }

  /**
   * Once the table has statistics PostgreSQL, left to choose, plans the claim afresh on every call;
   * the claim's plan setting keeps the connection's cached generic plan instead.
   */
  @ParameterizedTest
  @EnumSource(DispatchMode.class)
  void claimsKeepTheirCachedGenericPlanOnATableWithStatistics(DispatchMode mode)
      throws SQLException {
    DataSource dataSource = TestDatabase.dataSource();
    String schema = TestDatabase.newSchema("claim_cached_" + mode.name().toLowerCase());
    QueueSql sql = new QueueSql(schema, mode);
    int claims = 20;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(TestDatabase.insertPendingJobs(schema, "'plan'", "g % 3", 1, 5000));
      statement.execute("ANALYZE " + schema + ".jobs");
      assertThat(connection.getAutoCommit()).isTrue();

      try (PreparedStatement claim = connection.prepareStatement(sql.plannedClaim)) {
        for (int n = 0; n < claims; n++) {
          bindClaimOfQueuePlan(claim, 1);
          claim.execute();
          assertThat(claim.getMoreResults()).as("the claim after the plan setting").isTrue();
        }
      }

      try (ResultSet rs =
          statement.executeQuery(
              "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                  + " WHERE statement LIKE '%WITH dropped AS (UPDATE "
                  + schema
                  + ".jobs %'")) {
        assertThat(rs.next()).as("pgjdbc prepared the claim on the server").isTrue();
        assertThat(rs.getLong("custom_plans")).isZero();
        assertThat(rs.getLong("generic_plans")).isPositive();
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*) FROM " + schema + ".jobs WHERE in_progress AND owner = 'owner'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).as("every claim took one job").isEqualTo(claims);
      }
    }
  }

  static long analyzedTimes(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT analyze_count + autoanalyze_count FROM pg_stat_user_tables"
                + " WHERE schemaname = ? AND relname = 'jobs'")) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * Binds the claim's parameters (after the plan setting, which has none) as the queue does, each
   * with its type: a claim of up to {@code limit} jobs of the queue {@code plan} for {@code owner}.
   */
  private static void bindClaimOfQueuePlan(PreparedStatement claim, int limit) throws SQLException {
    int i = 1;
    claim.setString(i++, "plan");
    claim.setString(i++, "plan");
    claim.setString(i++, "plan");
    claim.setInt(i++, limit);
    claim.setString(i++, "plan");
    claim.setInt(i++, limit);
    claim.setInt(i++, limit);
    claim.setString(i++, "owner");
    claim.setObject(i++, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
    claim.setString(i, "plan");
  }

  /**
   * The plan of one claim of 32 jobs, planned the way the queue plans it: the plan setting and the
   * claim sent together with auto-commit on, so that the setting only reaches the claim if both
   * share the implicit transaction of one round trip. {@code option} is an option of {@code
   * EXPLAIN}.
   */
  private static List<String> explainClaim(Connection connection, QueueSql sql, String option)
      throws SQLException {
    assertThat(connection.getAutoCommit()).isTrue();
    List<String> lines = new ArrayList<>();
    try (PreparedStatement explain =
        connection.prepareStatement(
            QueueSql.CLAIM_PLAN + ";\nEXPLAIN (" + option + ") " + sql.claim)) {
      bindClaimOfQueuePlan(explain, 32);
      explain.execute();
      assertThat(explain.getMoreResults()).as("the EXPLAIN after the plan setting").isTrue();
      try (ResultSet rs = explain.getResultSet()) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    try (Statement check = connection.createStatement();
        ResultSet rs = check.executeQuery("SHOW enable_sort")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1))
          .as("the setting ends with the claim's transaction")
          .isEqualTo("on");
    }
    return lines;
  }
}
