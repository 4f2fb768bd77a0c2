package dev.amboy.postgres;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;

/** Core's queue contract on a PostgreSQL queue in priority dispatch mode. */
class PostgresPriorityQueueContractTest extends QueueContractTest {

  private static final String SCHEMA = TestDatabase.newSchema("contract_priority");

  @Override
  protected Queue newQueue(QueueSettings settings) {
    return PostgresContracts.queue(settings, SCHEMA, DispatchMode.PRIORITY);
  }
}
