package dev.amboy.postgres;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;
import java.time.Duration;

/**
 * Core's queue contract on a PostgreSQL queue with batching off: one job per claim and each
 * completion written at once, so that every worker runs claim rounds of its own at the same time as
 * the others and as the completions.
 */
class PostgresUnbatchedQueueContractTest extends QueueContractTest {

  private static final String SCHEMA = TestDatabase.newSchema("contract_unbatched");

  @Override
  protected Queue newQueue(QueueSettings settings) {
    return new PostgresQueue(
        PostgresQueueOptions.builder(
                settings.name(), TestDatabase.dataSource(), settings.registry())
            .schema(SCHEMA)
            .workers(settings.workers())
            .lockTimeout(settings.lockTimeout())
            .pollInterval(Duration.ofMillis(250))
            .claimBatchSize(1)
            .completionBatchSize(1)
            .completionFlushInterval(Duration.ZERO)
            .build());
  }
}
