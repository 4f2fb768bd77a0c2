package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.postgres.PostgresQueue;
import dev.amboy.registry.JobRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Queues and groups of the postgres kind on the application's {@link DataSource}, when
 * amboy-postgres and spring-jdbc are on the classpath. The data source is wrapped
 * transaction-aware, so that a put made in a Spring transaction joins it: the job and the business
 * row commit or roll back together. {@code amboy.postgres.initialize-schema} creates amboy's tables
 * before the first queue is made.
 */
@AutoConfiguration(
    after = AmboyAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({PostgresQueue.class, TransactionAwareDataSourceProxy.class})
@ConditionalOnBean(JobRegistry.class)
@ConditionalOnSingleCandidate(DataSource.class)
public class AmboyPostgresAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  AmboyPostgresSchemaInitializer amboyPostgresSchemaInitializer(
      DataSource dataSource, AmboyProperties properties) {
    return new AmboyPostgresSchemaInitializer(dataSource, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  AmboyPostgresQueues amboyPostgresQueues(
      DataSource dataSource,
      JobRegistry jobRegistry,
      AmboyProperties properties,
      AmboyPostgresSchemaInitializer amboyPostgresSchemaInitializer,
      ObjectProvider<Clock> clock) {
    return new DataSourcePostgresQueues(
        new TransactionAwareDataSourceProxy(dataSource),
        jobRegistry,
        properties.getPostgres().getSchema(),
        clock.getIfUnique(Clock::systemUTC));
  }
}
