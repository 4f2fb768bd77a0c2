package dev.amboy.benchmarks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL server every system of a run is measured on: the server named by {@code
 * AMBOY_BENCH_JDBC_URL}, or an embedded PostgreSQL started with durable commits ({@code
 * synchronous_commit=on}, {@code fsync=on}, {@code full_page_writes=on}; the embedded server turns
 * these off by default).
 */
final class BenchDatabase implements Closeable {

  /** Names an external server, e.g. {@code jdbc:postgresql://host/db?user=u&password=p}. */
  static final String URL_VARIABLE = "AMBOY_BENCH_JDBC_URL";

  private static final Logger log = LoggerFactory.getLogger(BenchDatabase.class);

  private final EmbeddedPostgres embedded;
  private final String jdbcUrl;

  private BenchDatabase(EmbeddedPostgres embedded, String jdbcUrl) {
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
  }

  /** The external server when {@code AMBOY_BENCH_JDBC_URL} is set, otherwise a new embedded one. */
  static BenchDatabase open() throws IOException {
    String url = externalUrl();
    if (url != null) {
      return new BenchDatabase(null, url);
    }
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "300")
            .start();
    log.info("embedded PostgreSQL started on port {}", postgres.getPort());
    return new BenchDatabase(postgres, postgres.getJdbcUrl("postgres", "postgres"));
  }

  static String externalUrl() {
    String url = System.getenv(URL_VARIABLE);
    return url == null || url.isBlank() ? null : url;
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  /** A pool of {@code size} connections whose current schema is {@code schema} (null: default). */
  static HikariDataSource pool(String url, int size, String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setConnectionTimeout(30_000);
    config.setPoolName("bench");
    if (schema != null) {
      config.setSchema(schema);
    }
    return new HikariDataSource(config);
  }

  /** A server setting, e.g. {@code server_version} or {@code synchronous_commit}. */
  static String setting(DataSource dataSource, String name) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_setting('" + name + "')")) {
      rows.next();
      return rows.getString(1);
    }
  }

  static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Writes dirty pages out before a timed window, so that no system pays for the previous one's
   * checkpoint. Needs a superuser (the embedded server's user is one); elsewhere it is skipped.
   */
  static void checkpoint(DataSource dataSource) {
    try {
      execute(dataSource, "CHECKPOINT");
    } catch (SQLException e) {
      log.warn("CHECKPOINT before the timed window failed and was skipped: {}", e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
