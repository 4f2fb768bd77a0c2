package dev.amboy.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The statements a queue runs once per job cost one round trip each, also after pgjdbc has prepared
 * and described them on the server (after five executions by default): pgjdbc sends an extra sync
 * and waits for its answer ahead of a described statement whose rows have no size limit.
 */
class RoundTripsTest {

  /** Executions after which pgjdbc uses a named, described server statement (its default is 5). */
  private static final int PREPARED_AFTER = 5;

  @Test
  void aPutIsOneRoundTripOnceTheStatementIsPrepared() {
    String url = TestDatabase.jdbcUrl();
    String counting =
        url
            + (url.contains("?") ? "&" : "?")
            + "socketFactory="
            + CountingSocketFactory.class.getName();
    try (HikariDataSource pool = TestDatabase.pool(counting, 1)) {
      String schema = TestDatabase.newSchema("round_trips");
      PostgresQueue queue =
          new PostgresQueue(
              PostgresQueueOptions.builder(
                      "round-trips", pool, TraceJob.register(new JobRegistry()))
                  .schema(schema)
                  .build());
      try {
        for (int i = 0; i < 2 * PREPARED_AFTER; i++) {
          queue.put(new TraceJob("warm-" + i, "round-trips"));
        }
        long before = CountingSocketFactory.WRITES.get();

        for (int i = 0; i < 20; i++) {
          queue.put(new TraceJob("put-" + i, "round-trips"));
        }

        assertThat(CountingSocketFactory.WRITES.get() - before).isEqualTo(20);
        assertThat(queue.stats().total()).isEqualTo(2 * PREPARED_AFTER + 20);
      } finally {
        queue.close(Duration.ofSeconds(5));
      }
    }
  }
}
