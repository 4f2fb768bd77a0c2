package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.AmboyException;
import dev.amboy.Job;
import dev.amboy.registry.JobRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rows that cannot become jobs are marked failed with the reason; the other jobs run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadRowsTest {

  private static final String SCHEMA = TestDatabase.newSchema("bad_rows");

  private final String name = "bad-rows-" + System.nanoTime();
  private final PostgresQueue queue =
      new PostgresQueue(
          PostgresQueueOptions.builder(
                  name, TestDatabase.dataSource(), TraceJob.register(new JobRegistry()))
              .schema(SCHEMA)
              .workers(2)
              .pollInterval(Duration.ofMillis(200))
              .build());

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void unknownTypesVersionMismatchesAndMalformedEnvelopesAreMarkedFailed() throws Exception {
    insertRaw(
        "unknown",
        "no-such-type",
        1,
        "{\"id\":\"unknown\",\"type\":\"no-such-type\",\"version\":1}");
    insertRaw(
        "old-version",
        "trace-job",
        7,
        "{\"id\":\"old-version\",\"type\":\"trace-job\",\"version\":7}");
    insertRaw(
        "malformed",
        "trace-job",
        1,
        "{\"id\":\"malformed\",\"type\":\"trace-job\",\"version\":1,"
            + "\"time_info\":{\"created\":\"yesterday\"}}");
    insertRaw(
        "bad-payload",
        "trace-job",
        1,
        "{\"id\":\"bad-payload\",\"type\":\"trace-job\",\"version\":1,"
            + "\"job\":{\"sleepMillis\":\"not a number\"}}");
    for (int i = 0; i < 10; i++) {
      queue.put(new TraceJob("good-" + i, "bad-rows"));
    }
    queue.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> queue.stats().completed() == 14 && queue.stats().isComplete());

    assertThat(TraceJob.runs("bad-rows")).hasSize(10);
    assertThat(errorsOf("unknown"))
        .singleElement()
        .asString()
        .contains("cannot run job 'unknown'")
        .contains("no job type named 'no-such-type'");
    assertThat(errorsOf("old-version"))
        .singleElement()
        .asString()
        .contains("'trace-job' is stored with version 7 but the registered versions are [1]");
    assertThat(errorsOf("malformed"))
        .singleElement()
        .asString()
        .contains("cannot run job 'malformed'")
        .contains("malformed body of job 'malformed'");
    assertThat(errorsOf("bad-payload"))
        .singleElement()
        .asString()
        .contains("cannot read the fields of job 'bad-payload'");

    assertThatThrownBy(() -> queue.get("unknown"))
        .isInstanceOf(AmboyException.class)
        .hasMessageContaining("job 'unknown'")
        .hasMessageContaining(name);
    try (Stream<Job> jobs = queue.jobs()) {
      assertThat(jobs.map(Job::id).collect(Collectors.toSet())).hasSize(10);
    }
    assertThat(Amboy.extractErrors(queue)).isEmpty();
  }

  private void insertRaw(String id, String type, int version, String body) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + SCHEMA
                    + ".jobs (queue, id, type, version, body, created_at, ready_at)"
                    + " VALUES (?, ?, ?, ?, ?::jsonb, now(), now())")) {
      insert.setString(1, name);
      insert.setString(2, id);
      insert.setString(3, type);
      insert.setInt(4, version);
      insert.setString(5, body);
      insert.executeUpdate();
    }
  }

  private List<String> errorsOf(String id) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT errors, completed, in_progress FROM "
                    + SCHEMA
                    + ".jobs WHERE queue = ? AND id = ?")) {
      select.setString(1, name);
      select.setString(2, id);
      try (ResultSet rs = select.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean("completed")).isTrue();
        assertThat(rs.getBoolean("in_progress")).isFalse();
        Array errors = rs.getArray("errors");
        return Arrays.asList((String[]) errors.getArray());
      }
    }
  }
}
