package dev.amboy.postgres;

import dev.amboy.contract.QueueContractTest.QueueSettings;
import java.time.Duration;

/** Turns contract-suite settings into PostgreSQL queue options. */
final class PostgresContracts {

  private PostgresContracts() {}

  static PostgresQueue queue(QueueSettings settings, String schema, DispatchMode mode) {
    return new PostgresQueue(
        PostgresQueueOptions.builder(
                settings.name(), TestDatabase.dataSource(), settings.registry())
            .schema(schema)
            .dispatchMode(mode)
            .workers(settings.workers())
            .lockTimeout(settings.lockTimeout())
            .pollInterval(Duration.ofMillis(250))
            .build());
  }
}
