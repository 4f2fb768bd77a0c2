package dev.amboy.postgres;

import dev.amboy.AmboyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * amboy's tables in one PostgreSQL schema: jobs, scopes, attempts, queue counters and the schema
 * version. The DDL lives in the versioned file {@value #SCHEMA_RESOURCE} with the placeholder
 * {@code ${schema}}; {@link #sql(String)} returns it ready to run, so it can also be applied by
 * Flyway, Liquibase or any other migration tool.
 */
public final class PostgresSchema {

  /** The schema version this release creates and expects. */
  public static final int VERSION = 1;

  /** The classpath location of the DDL for {@link #VERSION}. */
  public static final String SCHEMA_RESOURCE = "/dev/amboy/postgres/schema/V1__amboy.sql";

  /** The placeholder in the DDL that stands for the schema name. */
  public static final String PLACEHOLDER = "${schema}";

  private PostgresSchema() {}

  /**
   * The DDL with {@code schemaName} in place of the placeholder.
   *
   * @throws IllegalArgumentException when the name is not a plain lower-case identifier
   */
  public static String sql(String schemaName) {
    checkName(schemaName);
    return template().replace(PLACEHOLDER, schemaName);
  }

  /** The DDL as shipped, with the {@code ${schema}} placeholder. */
  public static String template() {
    try (InputStream in = PostgresSchema.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the schema file " + SCHEMA_RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the schema file " + SCHEMA_RESOURCE, e);
    }
  }

  /**
   * Creates the schema and its tables if they do not exist, in one transaction. Safe to call from
   * several processes at once (a transaction-scoped advisory lock serialises them) and again on
   * every start.
   *
   * @throws AmboyException when the database refuses the DDL
   */
  public static void create(DataSource dataSource, String schemaName) {
    String ddl = sql(schemaName);
    for (int attempt = 1; ; attempt++) {
      try {
        createOnce(dataSource, schemaName, ddl);
        return;
      } catch (AmboyException e) {
        // A session that waited on the advisory lock may still see the catalog as it was before
        // the other session's CREATE SCHEMA (an advisory lock does not refresh catalog caches), so
        // its IF NOT EXISTS fails on the unique index; a new transaction sees the schema.
        if (attempt == 3
            || !(e.getCause() instanceof SQLException sql)
            || !"23505".equals(sql.getSQLState())) {
          throw e;
        }
      }
    }
  }

  private static void createOnce(DataSource dataSource, String schemaName, String ddl) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + lockKey(schemaName) + ")");
        statement.execute(ddl);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new AmboyException(
          "cannot create the amboy schema '" + schemaName + "': " + e.getMessage(), e);
    }
  }

  /**
   * The highest schema version installed in {@code schemaName}, or 0 when amboy's tables are not
   * there.
   */
  public static int installedVersion(DataSource dataSource, String schemaName) {
    checkName(schemaName);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, schemaName + ".schema_version");
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT COALESCE(max(version), 0) FROM " + schemaName + ".schema_version")) {
        rs.next();
        int version = rs.getInt(1);
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        return version;
      }
    } catch (SQLException e) {
      throw new AmboyException(
          "cannot read the amboy schema version of '" + schemaName + "': " + e.getMessage(), e);
    }
  }

  /**
   * Fails unless the schema holds this release's version.
   *
   * @throws IllegalStateException naming the schema and the fix
   */
  static void requireInstalled(DataSource dataSource, String schemaName) {
    int installed = installedVersion(dataSource, schemaName);
    if (installed == 0) {
      throw new IllegalStateException(
          "schema '"
              + schemaName
              + "' has no amboy tables; call PostgresSchema.create(dataSource, \""
              + schemaName
              + "\") or apply "
              + SCHEMA_RESOURCE
              + " with your migration tool");
    }
    if (installed < VERSION) {
      throw new IllegalStateException(
          "schema '"
              + schemaName
              + "' is at amboy schema version "
              + installed
              + " but this release needs "
              + VERSION
              + "; see UPGRADING.md");
    }
  }

  private static void checkName(String schemaName) {
    new OptionChecks("schema name")
        .matches("schema", schemaName, OptionChecks.SCHEMA_PATTERN, OptionChecks.SCHEMA_RULE)
        .throwIfAny();
  }

  private static long lockKey(String schemaName) {
    return 0x616d626f79L ^ ((long) schemaName.hashCode() << 8);
  }
}
