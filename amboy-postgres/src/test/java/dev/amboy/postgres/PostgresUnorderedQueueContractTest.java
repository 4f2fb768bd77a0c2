package dev.amboy.postgres;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;

/** Core's queue contract on a PostgreSQL queue in unordered dispatch mode. */
class PostgresUnorderedQueueContractTest extends QueueContractTest {

  private static final String SCHEMA = TestDatabase.newSchema("contract_unordered");

  @Override
  protected Queue newQueue(QueueSettings settings) {
    return PostgresContracts.queue(settings, SCHEMA, DispatchMode.UNORDERED);
  }
}
