package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.postgres.PostgresSchema;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;

/**
 * Creates amboy's tables at start-up as {@code amboy.postgres.initialize-schema} says, like Spring
 * Batch and Quartz do: {@code always}, {@code embedded} (only for a database Spring Boot counts as
 * embedded, which PostgreSQL never is) or {@code never}. It acts only when a queue or group is of
 * the postgres kind. When it does not create the tables it checks that they are there in the
 * version this amboy needs, so that a missing migration fails start-up rather than the first put.
 */
final class AmboyPostgresSchemaInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(AmboyPostgresSchemaInitializer.class);

  private final DataSource dataSource;
  private final AmboyProperties properties;

  AmboyPostgresSchemaInitializer(DataSource dataSource, AmboyProperties properties) {
    this.dataSource = dataSource;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    if (!usesPostgres()) {
      return;
    }
    String schema = properties.getPostgres().getSchema();
    String mode = properties.getPostgres().getInitializeSchema();
    boolean create =
        "always".equals(mode)
            || ("embedded".equals(mode) && EmbeddedDatabaseConnection.isEmbedded(dataSource));
    if (create) {
      PostgresSchema.create(dataSource, schema);
      log.info("amboy schema '{}' is at version {}", schema, PostgresSchema.VERSION);
      return;
    }
    int installed = PostgresSchema.installedVersion(dataSource, schema);
    if (installed < PostgresSchema.VERSION) {
      throw new InvalidAmboyConfigurationException(
          List.of(
              new Problem(
                  "amboy.postgres.initialize-schema",
                  mode,
                  "the amboy tables in schema '"
                      + schema
                      + "' are at version "
                      + installed
                      + " but this amboy needs version "
                      + PostgresSchema.VERSION
                      + "; set amboy.postgres.initialize-schema=always, or apply"
                      + " PostgresSchema.sql(\""
                      + schema
                      + "\") (classpath:"
                      + PostgresSchema.SCHEMA_RESOURCE
                      + ") with your migration tool")));
    }
  }

  private boolean usesPostgres() {
    return properties.getQueues().values().stream()
            .anyMatch(queue -> AmboyKinds.POSTGRES.equals(queue.getKind()))
        || properties.getGroups().values().stream()
            .anyMatch(group -> AmboyKinds.POSTGRES.equals(group.getKind()));
  }
}
