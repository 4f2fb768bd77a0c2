package dev.amboy.spring.boot.autoconfigure;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of these tests: the one named by {@code AMBOY_TEST_JDBC_URL} when it is
 * set, otherwise one embedded PostgreSQL 17 for this JVM. A test that cannot get one fails.
 */
final class TestPostgres {

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static String jdbcUrl;

  private TestPostgres() {}

  /** The JDBC URL, with credentials. */
  static synchronized String jdbcUrl() {
    if (jdbcUrl == null) {
      String external = System.getenv("AMBOY_TEST_JDBC_URL");
      jdbcUrl =
          external != null && !external.isBlank()
              ? external
              : start().getJdbcUrl("postgres", "postgres");
    }
    return jdbcUrl;
  }

  /** A server of its own, for a test that stops it. */
  static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
  }

  /** A schema name no other test uses. */
  static String newSchemaName(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
  }
}
