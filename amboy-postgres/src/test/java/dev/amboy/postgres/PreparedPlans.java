package dev.amboy.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans of a queue statement prepared on the server, as pgjdbc prepares it after a few executions,
 * for the plan tests.
 */
final class PreparedPlans {

  private PreparedPlans() {}

  /**
   * The plan of {@code jdbcSql} prepared on the server and executed with {@code arguments} (SQL
   * expressions), in a transaction that first runs {@code settings} and is rolled back.
   *
   * @param planCacheMode {@code force_custom_plan} or {@code force_generic_plan}
   */
  static List<String> explain(
      Connection connection,
      List<String> settings,
      String planCacheMode,
      String jdbcSql,
      String arguments)
      throws SQLException {
    List<String> plan = new ArrayList<>();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      for (String setting : settings) {
        statement.execute(setting);
      }
      statement.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
      statement.execute("PREPARE planned AS " + numbered(jdbcSql));
      try (ResultSet rs = statement.executeQuery("EXPLAIN EXECUTE planned(" + arguments + ")")) {
        while (rs.next()) {
          plan.add(rs.getString(1));
        }
      }
      statement.execute("DEALLOCATE planned");
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
    return plan;
  }

  /** The statement with PostgreSQL's numbered parameters in place of JDBC's question marks. */
  private static String numbered(String jdbcSql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char c : jdbcSql.toCharArray()) {
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
