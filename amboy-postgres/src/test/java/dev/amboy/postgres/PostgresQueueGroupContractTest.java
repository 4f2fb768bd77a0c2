package dev.amboy.postgres;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.contract.QueueGroupContractTest;
import java.time.Duration;

/** Core's queue-group contract on a PostgreSQL queue group. */
class PostgresQueueGroupContractTest extends QueueGroupContractTest {

  private static final String SCHEMA = TestDatabase.newSchema("contract_group");

  @Override
  protected QueueGroup newGroup(GroupSettings settings) {
    return new PostgresQueueGroup(
        PostgresQueueGroupOptions.builder(settings.name(), template(settings.workers(), settings))
            .ttl(settings.ttl())
            .pruneFrequency(settings.pruneFrequency())
            .backgroundStartFrequency(Duration.ofMillis(200))
            .build());
  }

  private PostgresQueueOptions template(int workers, GroupSettings settings) {
    return PostgresQueueOptions.builder("template", TestDatabase.dataSource(), settings.registry())
        .schema(SCHEMA)
        .workers(workers)
        .pollInterval(Duration.ofMillis(250))
        .build();
  }

  @Override
  protected Queue newStandaloneQueue(String name) {
    return new PostgresQueue(
        PostgresQueueOptions.builder(name, TestDatabase.dataSource(), registry)
            .schema(SCHEMA)
            .workers(1)
            .build());
  }
}
