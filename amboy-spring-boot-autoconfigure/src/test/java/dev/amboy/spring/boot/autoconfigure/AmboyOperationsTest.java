package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.job.Jobs;
import dev.amboy.schedule.ScheduledOperation;
import dev.amboy.spring.AmboyInterval;
import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import dev.amboy.spring.boot.autoconfigure.testapp.JobLedger;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * @AmboyInterval methods and amboy.operations entries put jobs on their schedules.
 */
@Timeout(60)
class AmboyOperationsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmboyAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues("amboy.queues.work.workers=2", "amboy.groups.tenants.ttl=10m");

  /** A bean with one method of each supported return type. */
  static class Producers {
    final AtomicInteger single = new AtomicInteger();
    final AtomicInteger batch = new AtomicInteger();
    final AtomicInteger stream = new AtomicInteger();
    final AtomicInteger nothing = new AtomicInteger();
    final AtomicInteger tenant = new AtomicInteger();

    @AmboyInterval(queue = "work", interval = "${producers.interval:50ms}")
    Job one() {
      return Jobs.of("single-" + single.incrementAndGet(), ctx -> {});
    }

    @AmboyInterval(queue = "work", interval = "50ms", name = "batch", jitter = "10ms")
    List<Job> many() {
      int run = batch.incrementAndGet();
      return List.of(
          Jobs.of("batch-" + run + "-a", ctx -> {}), Jobs.of("batch-" + run + "-b", ctx -> {}));
    }

    @AmboyInterval(queue = "work", interval = "50ms", initialDelay = "100ms")
    Stream<Job> generated() {
      int run = stream.incrementAndGet();
      return Stream.of(Jobs.of("stream-" + run, ctx -> {}));
    }

    @AmboyInterval(queue = "work", cron = "* * * * * *", zone = "Europe/Berlin")
    Job none() {
      nothing.incrementAndGet();
      return null;
    }

    @AmboyInterval(queue = "tenants:acme", interval = "50ms", name = "acme-ticks")
    Job forTenant() {
      return Jobs.of("tenant-" + tenant.incrementAndGet(), ctx -> {});
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ProducerConfiguration {
    @Bean
    Producers producers() {
      return new Producers();
    }
  }

  @Test
  void annotatedMethodsPutTheirJobsOnTheirSchedules() {
    runner
        .withUserConfiguration(ProducerConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Producers producers = context.getBean(Producers.class);
              Queue work = context.getBean("work", Queue.class);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .untilAsserted(
                      () -> {
                        assertThat(work.get("single-2")).isPresent();
                        assertThat(work.get("batch-2-a")).isPresent();
                        assertThat(work.get("batch-2-b")).isPresent();
                        assertThat(work.get("stream-2")).isPresent();
                        assertThat(producers.nothing.get()).isPositive();
                        assertThat(
                                context
                                    .getBean(AmboyQueues.class)
                                    .find("tenants:acme")
                                    .flatMap(queue -> queue.get("tenant-2")))
                            .isPresent();
                      });
              AmboyOperations operations = context.getBean(AmboyOperations.class);
              assertThat(operations.operations())
                  .containsKeys(
                      "producers.one",
                      "batch",
                      "producers.generated",
                      "producers.none",
                      "acme-ticks");
              assertThat(operations.queueOf("acme-ticks")).isEqualTo("tenants:acme");
              ScheduledOperation none = operations.operations().get("producers.none");
              assertThat(none.failures()).isZero();
              assertThat(none.runs()).isPositive();

              context.close();
              assertThat(operations.operations().values()).noneMatch(ScheduledOperation::isRunning);
            });
  }

  @Test
  void operationPropertiesPutARegisteredTypeWithItsPayload() {
    runner
        .withPropertyValues(
            "amboy.operations.hello.queue=work",
            "amboy.operations.hello.job-type=greet",
            "amboy.operations.hello.interval=50ms",
            "amboy.operations.hello.payload.name=scheduler",
            "amboy.operations.tick.queue=tenants:acme",
            "amboy.operations.tick.job-type=greet",
            "amboy.operations.tick.job-version=2",
            "amboy.operations.tick.cron=* * * * * *",
            "amboy.operations.tick.payload.name=tenant")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              JobLedger ledger = context.getBean(JobLedger.class);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .untilAsserted(
                      () ->
                          assertThat(ledger.entries())
                              .contains("hello, scheduler", "hello, tenant"));
              assertThat(context.getBean(AmboyOperations.class).operations())
                  .containsOnlyKeys("hello", "tick");
            });
  }

  @Test
  void aPayloadThatDoesNotFitTheJobFailsStartUp() {
    runner
        .withPropertyValues(
            "amboy.operations.hello.queue=work",
            "amboy.operations.hello.job-type=greet",
            "amboy.operations.hello.interval=1m",
            "amboy.operations.hello.payload.nmae=typo")
        .run(
            context ->
                assertThat(failure(context).problems())
                    .singleElement()
                    .satisfies(
                        problem -> {
                          assertThat(problem.subject()).isEqualTo("amboy.operations.hello.payload");
                          assertThat(problem.allowed()).contains("nmae");
                        }));
  }

  static class BadSignatures {
    @AmboyInterval(queue = "work", interval = "1m")
    String text() {
      return "no job";
    }

    @AmboyInterval(queue = "work", interval = "1m", cron = "0 * * * * *")
    Job both() {
      return null;
    }

    @AmboyInterval(queue = "work", interval = "soon")
    Job unreadable() {
      return null;
    }

    @AmboyInterval(queue = "work", interval = "1m")
    Job withArgument(String argument) {
      return null;
    }
  }

  @Test
  void methodsThatCannotBeScheduledFailStartUpNamingTheMethod() {
    runner
        .withBean(BadSignatures.class)
        .run(
            context -> {
              String prefix = "@AmboyInterval " + BadSignatures.class.getName() + ".";
              assertThat(failure(context).problems())
                  .extracting(Problem::subject)
                  .contains(
                      prefix + "text()",
                      prefix + "both() interval/cron",
                      prefix + "unreadable() interval",
                      prefix + "withArgument()");
              assertThat(failure(context).problems())
                  .anySatisfy(
                      problem ->
                          assertThat(problem.allowed())
                              .isEqualTo(
                                  "an @AmboyInterval method returns a Job, a Collection of jobs or"
                                      + " a Stream of jobs"));
            });
  }

  static class MissingQueue {
    @AmboyInterval(queue = "nowhere", interval = "1m")
    Job job() {
      return null;
    }
  }

  @Test
  void aMethodNamingAMissingQueueFailsStartUp() {
    runner
        .withBean(MissingQueue.class)
        .run(
            context ->
                assertThat(failure(context).problems())
                    .singleElement()
                    .satisfies(
                        problem -> {
                          assertThat(problem.subject())
                              .isEqualTo(
                                  "@AmboyInterval " + MissingQueue.class.getName() + ".job()");
                          assertThat(problem.value()).isEqualTo("nowhere");
                          assertThat(problem.allowed()).contains("[work]").contains("[tenants]");
                        }));
  }

  private static InvalidAmboyConfigurationException failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable cause = context.getStartupFailure();
    while (cause != null && !(cause instanceof InvalidAmboyConfigurationException)) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(InvalidAmboyConfigurationException.class);
    return (InvalidAmboyConfigurationException) cause;
  }
}
