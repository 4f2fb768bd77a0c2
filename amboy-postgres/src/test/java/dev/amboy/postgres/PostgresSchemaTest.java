package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresSchemaTest {

  @Test
  void theShippedFileHasAPlaceholderThatSqlReplaces() {
    assertThat(PostgresSchema.template()).contains("${schema}.jobs").contains("CREATE TABLE");
    String sql = PostgresSchema.sql("billing_jobs");
    assertThat(sql).doesNotContain("${schema}").contains("billing_jobs.jobs");
  }

  @Test
  void schemaNamesThatAreNotPlainIdentifiersAreRejected() {
    for (String bad : List.of("Amboy", "1st", "a;drop table x", "", "with space")) {
      assertThatThrownBy(() -> PostgresSchema.sql(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schema must be 1-56 lower-case letters");
    }
  }

  @Test
  void creationIsIdempotentAndHonoursACustomSchemaName() throws Exception {
    String schema = "custom_" + ProcessHandle.current().pid();
    assertThat(PostgresSchema.installedVersion(TestDatabase.dataSource(), schema)).isZero();

    List<CompletableFuture<Void>> creators = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      creators.add(
          CompletableFuture.runAsync(
              () -> PostgresSchema.create(TestDatabase.dataSource(), schema)));
    }
    creators.forEach(CompletableFuture::join);
    PostgresSchema.create(TestDatabase.dataSource(), schema);

    assertThat(PostgresSchema.installedVersion(TestDatabase.dataSource(), schema))
        .isEqualTo(PostgresSchema.VERSION);
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement tables =
            connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " ORDER BY table_name")) {
      tables.setString(1, schema);
      List<String> names = new ArrayList<>();
      try (ResultSet rs = tables.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      assertThat(names)
          .containsExactly("attempts", "jobs", "queue_counters", "schema_version", "scopes");
    }
    assertThat(
            PostgresQueueTest.count(
                "SELECT count(*) FROM " + schema + ".schema_version WHERE version = 1"))
        .isEqualTo(1);
  }
}
