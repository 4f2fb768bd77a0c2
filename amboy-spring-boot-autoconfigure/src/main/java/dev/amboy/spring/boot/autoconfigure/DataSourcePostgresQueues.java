package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.postgres.DispatchMode;
import dev.amboy.postgres.PostgresQueue;
import dev.amboy.postgres.PostgresQueueGroup;
import dev.amboy.postgres.PostgresQueueGroupOptions;
import dev.amboy.postgres.PostgresQueueOptions;
import dev.amboy.registry.JobRegistry;
import dev.amboy.retry.RetryPolicy;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.GroupProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.PostgresQueueProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.QueueProperties;
import java.time.Clock;
import java.util.Locale;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * Builds {@link PostgresQueue}s and {@link PostgresQueueGroup}s on the application's data source,
 * wrapped transaction-aware by {@link AmboyPostgresAutoConfiguration}: a put made inside a Spring
 * transaction uses that transaction's connection, so the job commits or rolls back with it.
 */
final class DataSourcePostgresQueues implements AmboyPostgresQueues {

  private final DataSource dataSource;
  private final JobRegistry registry;
  private final String schema;
  private final Clock clock;

  DataSourcePostgresQueues(
      DataSource dataSource, JobRegistry registry, String schema, Clock clock) {
    this.dataSource = dataSource;
    this.registry = registry;
    this.schema = schema;
    this.clock = clock;
  }

  @Override
  public Queue queue(String name, QueueProperties settings, int workers, RetryPolicy retryPolicy) {
    return new PostgresQueue(options(name, settings, workers, retryPolicy));
  }

  @Override
  public QueueGroup group(
      String name,
      GroupProperties settings,
      int workers,
      RetryPolicy retryPolicy,
      BiFunction<String, Queue, Queue> manage) {
    return new PostgresQueueGroup(
        PostgresQueueGroupOptions.builder(
                name, options(name, settings.getQueue(), workers, retryPolicy))
            .ttl(settings.getTtl())
            .pruneFrequency(settings.getPruneFrequency())
            .backgroundStartFrequency(settings.getBackgroundStartFrequency())
            .clock(clock)
            .queueFactory(
                (queueName, options) -> manage.apply(queueName, new PostgresQueue(options)))
            .build());
  }

  private PostgresQueueOptions options(
      String name, QueueProperties settings, int workers, RetryPolicy retryPolicy) {
    PostgresQueueProperties postgres = settings.getPostgres();
    return PostgresQueueOptions.builder(name, dataSource, registry)
        .schema(schema)
        .dispatchMode(DispatchMode.valueOf(postgres.getDispatchMode().toUpperCase(Locale.ROOT)))
        .lockTimeout(settings.getLockTimeout())
        .claimBatchSize(postgres.getClaimBatchSize())
        .completionBatchSize(postgres.getCompletionBatchSize())
        .completionFlushInterval(postgres.getCompletionFlushInterval())
        .pollInterval(postgres.getPollInterval())
        .completedRetention(postgres.getCompletedRetention())
        .retryPolicy(retryPolicy)
        .workers(workers)
        .joinCallerTransactions(true)
        .clock(clock)
        .build();
  }
}
