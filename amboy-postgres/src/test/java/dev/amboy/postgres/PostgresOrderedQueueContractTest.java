package dev.amboy.postgres;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;

/** Core's queue contract on a PostgreSQL queue in ordered dispatch mode. */
class PostgresOrderedQueueContractTest extends QueueContractTest {

  private static final String SCHEMA = TestDatabase.newSchema("contract_ordered");

  @Override
  protected Queue newQueue(QueueSettings settings) {
    return PostgresContracts.queue(settings, SCHEMA, DispatchMode.ORDERED);
  }
}
