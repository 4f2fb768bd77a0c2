package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.postgres.PostgresQueue;
import dev.amboy.postgres.PostgresQueueOptions;
import dev.amboy.postgres.PostgresSchema;
import dev.amboy.registry.JobRegistry;
import dev.amboy.spring.boot.actuate.health.AmboyHealthIndicator;
import dev.amboy.spring.boot.autoconfigure.testapp.GreetJob;
import dev.amboy.spring.boot.autoconfigure.testapp.JobLedger;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Queues and groups of the postgres kind in a Spring context, on a real PostgreSQL server. */
@Timeout(120)
class AmboyPostgresAutoConfigurationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final String schema = TestPostgres.newSchemaName("spring");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class,
                  DataSourceTransactionManagerAutoConfiguration.class,
                  TransactionAutoConfiguration.class,
                  AmboyAutoConfiguration.class,
                  AmboyPostgresAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues(
              "spring.datasource.url=" + TestPostgres.jdbcUrl(),
              "amboy.postgres.schema=" + schema,
              "amboy.postgres.initialize-schema=always");

  @Test
  void aPostgresQueueStoresRunsAndReturnsJobsOfItsRegisteredTypes() {
    runner
        .withPropertyValues(
            "amboy.queues.greetings.kind=postgres",
            "amboy.queues.greetings.workers=3",
            "amboy.queues.greetings.lock-timeout=30s",
            "amboy.queues.greetings.postgres.dispatch-mode=priority",
            "amboy.queues.greetings.postgres.claim-batch-size=4",
            "amboy.queues.greetings.postgres.poll-interval=100ms")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Queue queue = context.getBean("greetings", Queue.class);
              assertThat(queue.info().kind()).isEqualTo("postgres");
              assertThat(queue.info().lockTimeout()).isEqualTo(Duration.ofSeconds(30));
              assertThat(queue.runner().workers()).isEqualTo(3);
              assertThat(PostgresSchema.installedVersion(context.getBean(DataSource.class), schema))
                  .isEqualTo(PostgresSchema.VERSION);

              AmboyTemplate template = context.getBean(AmboyTemplate.class);
              List<Job> jobs =
                  IntStream.range(0, 20)
                      .mapToObj(i -> template.put("greetings", "greet", Map.of("name", "n" + i)))
                      .toList();
              assertThat(Amboy.wait(queue, PATIENCE)).isTrue();

              assertThat(context.getBean(JobLedger.class).entries()).hasSize(20);
              Job stored = queue.get(jobs.get(7).id()).orElseThrow();
              assertThat(stored).isInstanceOf(GreetJob.class);
              assertThat(((GreetJob) stored).greeting()).isEqualTo("hello, n7");
              assertThat(stored.status().completed()).isTrue();
              assertThat(queue.stats().completed()).isEqualTo(20);
            });
  }

  @Test
  void aPutInsideATransactionCommitsAndRollsBackWithIt() {
    runner
        .withPropertyValues("amboy.queues.orders.kind=postgres", "amboy.queues.orders.runner=none")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Queue queue = context.getBean("orders", Queue.class);
              AmboyTemplate template = context.getBean(AmboyTemplate.class);
              TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
              JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
              jdbc.execute("CREATE TABLE " + schema + ".orders (id text PRIMARY KEY)");

              String rolledBack =
                  transaction.execute(
                      status -> {
                        jdbc.update("INSERT INTO " + schema + ".orders VALUES ('o-1')");
                        Job job = template.put("orders", "greet", Map.of("name", "o-1"));
                        assertThat(queue.get(job.id())).as("visible inside").isPresent();
                        status.setRollbackOnly();
                        return job.id();
                      });
              String committed =
                  transaction.execute(
                      status -> {
                        jdbc.update("INSERT INTO " + schema + ".orders VALUES ('o-2')");
                        return template.put("orders", "greet", Map.of("name", "o-2")).id();
                      });

              assertThat(queue.get(rolledBack)).isEmpty();
              assertThat(queue.get(committed)).isPresent();
              assertThat(jdbc.queryForList("SELECT id FROM " + schema + ".orders", String.class))
                  .containsExactly("o-2");
              assertThat(queue.stats().total()).isEqualTo(1);
            });
  }

  @Test
  void aPostgresGroupsQueuesAreInTheCatalogAlsoThoseStartedForAnotherProcessesWork() {
    runner
        .withPropertyValues(
            "amboy.groups.tenants.kind=postgres",
            "amboy.groups.tenants.background-start-frequency=200ms",
            "amboy.groups.tenants.queue.kind=postgres",
            "amboy.groups.tenants.queue.workers=2",
            "amboy.groups.tenants.queue.postgres.poll-interval=100ms")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              QueueGroup group = context.getBean("tenants", QueueGroup.class);
              AmboyTemplate template = context.getBean(AmboyTemplate.class);
              Job acme = template.put("tenants:acme", "greet", Map.of("name", "acme"));
              assertThat(Amboy.waitJob(group.get("acme"), acme.id(), PATIENCE)).isTrue();
              assertThat(group.get("acme").id()).isEqualTo("tenants/acme");
              assertThat(group.get("acme").runner().workers()).isEqualTo(2);

              // another process puts into tenants/globex; this one has no such queue yet
              PostgresQueue elsewhere =
                  new PostgresQueue(
                      PostgresQueueOptions.builder(
                              "tenants/globex",
                              context.getBean(DataSource.class),
                              context.getBean(JobRegistry.class))
                          .schema(schema)
                          .build());
              elsewhere.put(template.create("greet", Map.of("name", "globex")));
              elsewhere.close();
              AmboyQueues catalog = context.getBean(AmboyQueues.class);
              await()
                  .atMost(PATIENCE)
                  .until(() -> catalog.groupQueues("tenants").containsKey("globex"));
              await()
                  .atMost(PATIENCE)
                  .until(
                      () ->
                          context.getBean(JobLedger.class).entries().contains("hello, globex")
                              && catalog.groupQueues("tenants").get("globex").stats().completed()
                                  == 1);
            });
  }

  @Test
  void theDefaultSchemaInitializationFailsStartUpNamingTheFixWhenTheTablesAreMissing() {
    runner
        .withPropertyValues(
            "amboy.postgres.initialize-schema=embedded", "amboy.queues.orders.kind=postgres")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(InvalidAmboyConfigurationException.class)
                  .hasMessageContaining("amboy.postgres.initialize-schema")
                  .hasMessageContaining("'" + schema + "' are at version 0")
                  .hasMessageContaining("initialize-schema=always")
                  .hasMessageContaining("V1__amboy.sql");
            });
  }

  @Test
  void withoutADataSourceAPostgresQueueFailsStartUpNamingTheKey() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                AmboyAutoConfiguration.class, AmboyPostgresAutoConfiguration.class))
        .withUserConfiguration(TestApplication.class)
        .withPropertyValues("amboy.queues.orders.kind=postgres")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("amboy.queues.orders.kind")
                  .hasMessageContaining("postgres needs one DataSource bean")
                  .hasMessageContaining("spring.datasource.url");
            });
  }

  @Test
  void badPostgresSettingsAreAllReportedAtStartUp() {
    runner
        .withPropertyValues(
            "amboy.queues.orders.kind=postgres",
            "amboy.queues.orders.lock-timeout=50ms",
            "amboy.queues.orders.postgres.dispatch-mode=fifo",
            "amboy.queues.orders.postgres.claim-batch-size=0",
            "amboy.queues.orders.postgres.completion-flush-interval=1m",
            "amboy.queues.orders.postgres.poll-interval=1ms",
            "amboy.groups.tenants.kind=postgres",
            "amboy.groups.tenants.background-start-frequency=-1s",
            "amboy.groups.tenants.queue.kind=limited-size")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .isInstanceOf(InvalidAmboyConfigurationException.class)
                  .hasMessageContaining("amboy.queues.orders.lock-timeout was '50ms'")
                  .hasMessageContaining(">= 100ms")
                  .hasMessageContaining(
                      "amboy.queues.orders.postgres.dispatch-mode was 'fifo': must be one of"
                          + " unordered, ordered, priority")
                  .hasMessageContaining("amboy.queues.orders.postgres.claim-batch-size was '0'")
                  .hasMessageContaining("amboy.queues.orders.postgres.completion-flush-interval")
                  .hasMessageContaining("amboy.queues.orders.postgres.poll-interval was '1ms'")
                  .hasMessageContaining("amboy.groups.tenants.background-start-frequency")
                  .hasMessageContaining(
                      "amboy.groups.tenants.queue.kind was 'limited-size': a postgres group makes postgres queues");
            });
  }

  @Test
  void healthIsDownWhileTheDatabaseIsUnreachable() throws Exception {
    EmbeddedPostgres own = TestPostgres.start();
    try {
      runner
          .withPropertyValues(
              "spring.datasource.url=" + own.getJdbcUrl("postgres", "postgres"),
              "spring.datasource.hikari.connection-timeout=1000",
              "amboy.queues.orders.kind=postgres",
              "amboy.queues.orders.postgres.poll-interval=100ms")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                AmboyHealthIndicator health =
                    new AmboyHealthIndicator(
                        context.getBean(AmboyQueues.class), context.getBean(AmboyLifecycle.class));
                assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

                own.close();

                await()
                    .atMost(PATIENCE)
                    .until(() -> health.health(true).getStatus().equals(Status.DOWN));
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> queues =
                    (Map<String, Map<String, Object>>)
                        health.health(true).getDetails().get("queues");
                assertThat(queues.get("orders").get("error").toString())
                    .containsIgnoringCase("connection");
              });
    } finally {
      own.close();
    }
  }
}
