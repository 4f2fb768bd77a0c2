package dev.amboy.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The PostgreSQL server the tests use: the one named by {@code AMBOY_TEST_JDBC_URL} when it is set,
 * otherwise one embedded PostgreSQL 17 per test JVM. A test that cannot get a database fails.
 */
public final class TestDatabase {

  /** The environment variable that names an external server, e.g. {@code jdbc:postgresql://...}. */
  public static final String URL_VARIABLE = "AMBOY_TEST_JDBC_URL";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static String jdbcUrl;
  private static HikariDataSource dataSource;

  private TestDatabase() {}

  /** Whether the tests run against an external server rather than an embedded one. */
  public static boolean isExternal() {
    String url = System.getenv(URL_VARIABLE);
    return url != null && !url.isBlank();
  }

  /** The JDBC URL of the test server, with credentials; starts the embedded server if needed. */
  public static synchronized String jdbcUrl() {
    if (jdbcUrl == null) {
      if (isExternal()) {
        jdbcUrl = System.getenv(URL_VARIABLE);
      } else {
        try {
          EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
          jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        }
      }
    }
    return jdbcUrl;
  }

  /** A pool shared by the tests of this JVM. */
  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      dataSource = pool(jdbcUrl(), 24);
    }
    return dataSource;
  }

  /** A new pool on the given URL. */
  public static HikariDataSource pool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    config.setPoolName("amboy-test-" + SCHEMAS.incrementAndGet());
    return new HikariDataSource(config);
  }

  /** Creates a new amboy schema with a unique name starting with {@code prefix}. */
  public static String newSchema(String prefix) {
    String name = prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    PostgresSchema.create(dataSource(), name);
    return name;
  }

  /**
   * An INSERT of pending no-op jobs {@code job-<from>} to {@code job-<to>} of priority 0 into the
   * queue named by the SQL expression {@code queue}, which may use the series number {@code g}.
   */
  public static String insertPendingJobs(String schema, String queue, int from, int to) {
    return insertPendingJobs(schema, queue, "0", from, to);
  }

  /**
   * As {@link #insertPendingJobs(String, String, int, int)}, with the SQL expression {@code
   * priority}.
   */
  public static String insertPendingJobs(
      String schema, String queue, String priority, int from, int to) {
    return "INSERT INTO "
        + schema
        + ".jobs (queue, id, type, version, priority, body, created_at, ready_at)"
        + " SELECT "
        + queue
        + ", 'job-' || g, 'noop', 1, "
        + priority
        + ", '{}'::jsonb, now(), now() FROM generate_series("
        + from
        + ", "
        + to
        + ") g";
  }
}
