package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.DuplicateJobException;
import dev.amboy.registry.JobRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With joinCallerTransactions, a job commits or rolls back with the caller's business rows. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionalEnqueueTest {

  private static final String SCHEMA = TestDatabase.newSchema("transactions");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ThreadBoundDataSource transactions =
      new ThreadBoundDataSource(TestDatabase.dataSource());
  private final PostgresQueue queue =
      new PostgresQueue(
          PostgresQueueOptions.builder(
                  "orders-" + System.nanoTime(), transactions, TraceJob.register(new JobRegistry()))
              .schema(SCHEMA)
              .joinCallerTransactions(true)
              .workers(2)
              .pollInterval(Duration.ofSeconds(30))
              .build());

  @BeforeAll
  static void createOrders() throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + SCHEMA + ".orders (id text PRIMARY KEY)");
    }
  }

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void aRolledBackTransactionLeavesNeitherTheRowNorTheJob() throws Exception {
    queue.start();
    Connection connection = transactions.begin();
    insertOrder(connection, "order-1");
    queue.put(new TraceJob("ship-order-1", "tx-rollback"));
    assertThat(queue.get("ship-order-1")).as("visible inside the transaction").isPresent();
    assertThat(connection.getAutoCommit()).as("put leaves auto-commit alone").isFalse();
    assertThat(visibleOutside("ship-order-1")).as("not committed by put").isFalse();

    transactions.rollback();

    assertThat(queue.get("ship-order-1")).isEmpty();
    assertThat(orderExists("order-1")).isFalse();
    assertThat(queue.stats().total()).isZero();
    assertThat(TraceJob.starts("tx-rollback")).isEmpty();
  }

  @Test
  void aCommittedTransactionRunsTheJobOnlyAfterTheCommit() throws Exception {
    queue.start();
    Connection connection = transactions.begin();
    insertOrder(connection, "order-2");
    queue.putAll(
        List.of(
            new TraceJob("ship-order-2", "tx-commit"), new TraceJob("bill-order-2", "tx-commit")));
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> TraceJob.starts("tx-commit").isEmpty());

    transactions.commit();

    assertThat(Amboy.waitJob(queue, "ship-order-2", WAIT)).isTrue();
    assertThat(Amboy.waitJob(queue, "bill-order-2", WAIT)).isTrue();
    assertThat(orderExists("order-2")).isTrue();
    assertThat(TraceJob.runs("tx-commit")).containsOnlyKeys("ship-order-2", "bill-order-2");
  }

  @Test
  void aDuplicatePutLeavesTheCallersTransactionUsable() throws Exception {
    queue.start();
    Connection connection = transactions.begin();
    queue.put(new TraceJob("ship-order-3", "tx-duplicate"));
    assertThatThrownBy(() -> queue.put(new TraceJob("ship-order-3", "tx-duplicate")))
        .isInstanceOf(DuplicateJobException.class)
        .hasMessageContaining("ship-order-3");
    insertOrder(connection, "order-3");

    transactions.commit();

    assertThat(orderExists("order-3")).isTrue();
    assertThat(Amboy.waitJob(queue, "ship-order-3", WAIT)).isTrue();
    assertThat(TraceJob.runs("tx-duplicate")).containsOnlyKeys("ship-order-3");
  }

  @Test
  void withoutACallerTransactionPutCommitsByItself() throws Exception {
    queue.put(new TraceJob("standalone", "tx-none"));
    assertThat(visibleOutside("standalone")).isTrue();
  }

  private static void insertOrder(Connection connection, String id) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + SCHEMA + ".orders (id) VALUES (?)")) {
      insert.setString(1, id);
      insert.executeUpdate();
    }
  }

  private static boolean orderExists(String id) throws SQLException {
    return exists("SELECT 1 FROM " + SCHEMA + ".orders WHERE id = ?", id);
  }

  private static boolean visibleOutside(String jobId) throws SQLException {
    return exists("SELECT 1 FROM " + SCHEMA + ".jobs WHERE id = ?", jobId);
  }

  private static boolean exists(String sql, String id) throws SQLException {
    try (Connection connection = TestDatabase.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, id);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }
}
