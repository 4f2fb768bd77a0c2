package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.spring.boot.autoconfigure.InvalidAmboyConfigurationException.Problem;
import dev.amboy.spring.boot.autoconfigure.duplicates.DuplicatesApplication;
import dev.amboy.spring.boot.autoconfigure.notajob.NotAJobApplication;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every bad setting fails start-up naming the full key, the value and what is allowed. */
class InvalidConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmboyAutoConfiguration.class));

  static Stream<Arguments> badProperties() {
    return Stream.of(
        bad(
            "amboy.queues.emails.kind=fifo",
            "amboy.queues.emails.kind",
            "fifo",
            "must be one of limited-size, ordered, adaptive, priority, shuffled, postgres"),
        bad("amboy.queues.emails.workers=0", "amboy.queues.emails.workers", "0", "must be >= 1"),
        bad("amboy.queues.emails.capacity=0", "amboy.queues.emails.capacity", "0", "must be >= 1"),
        bad(
            "amboy.queues.emails.runner=turbo",
            "amboy.queues.emails.runner",
            "turbo",
            "must be one of pool, single, abortable, rate-limited, ewma, none"),
        bad(
            "amboy.queues.emails.runner=rate-limited",
            "amboy.queues.emails.rate-limit.interval",
            null,
            "must be a duration >= 1ms"),
        bad(
            "amboy.queues.emails.rate-limit.interval=10ms",
            "amboy.queues.emails.rate-limit.interval",
            "10ms",
            "only the rate-limited runner uses it but the runner is 'pool'"),
        bad(
            "amboy.queues.emails.runner=ewma",
            "amboy.queues.emails.rate-limit.target",
            null,
            "the ewma runner needs a target of >= 1 jobs per period"),
        bad(
            "amboy.queues.emails.runner=single,amboy.queues.emails.workers=4",
            "amboy.queues.emails.workers",
            "4",
            "the single runner has exactly 1 worker"),
        bad(
            "amboy.queues.emails.runner=none,amboy.queues.emails.workers=4",
            "amboy.queues.emails.workers",
            "4",
            "the none runner runs no jobs"),
        bad(
            "amboy.queues.emails.lock-timeout=1ms",
            "amboy.queues.emails.lock-timeout",
            "1ms",
            "must be a duration >= 4ms"),
        bad(
            "amboy.queues.emails.put-timeout=-1s",
            "amboy.queues.emails.put-timeout",
            "-1s",
            "must be a duration >= 0s"),
        bad(
            "amboy.queues.emails.idle-timeout=0s",
            "amboy.queues.emails.idle-timeout",
            "0s",
            "must be a duration > 0"),
        bad(
            "amboy.queues.emails.retry.max-attempts=0",
            "amboy.queues.emails.retry.max-attempts",
            "0",
            "must be >= 1"),
        bad(
            "amboy.queues.emails.retry.backoff=linear",
            "amboy.queues.emails.retry.backoff",
            "linear",
            "must be one of fixed, exponential"),
        bad(
            "amboy.queues.emails.retry.backoff=exponential,amboy.queues.emails.retry.delay=1s",
            "amboy.queues.emails.retry.max-delay",
            null,
            "the exponential backoff needs a max-delay >= delay"),
        bad(
            "amboy.queues.emails.kind=postgres",
            "amboy.queues.emails.kind",
            "postgres",
            "postgres needs one DataSource bean; set spring.datasource.url"),
        bad(
            "amboy.queues.[bad name].workers=1",
            "amboy.queues.bad name",
            "bad name",
            "the name must be 1-200 letters, digits or . _ @ -"),
        bad(
            "amboy.queues.shared.workers=1,amboy.groups.shared.ttl=1m",
            "amboy.queues.shared",
            "shared",
            "a queue and a group cannot share the name 'shared'"),
        bad(
            "amboy.groups.tenants.ttl=-1m",
            "amboy.groups.tenants.ttl",
            "-1m",
            "must be a duration >= 0s"),
        bad(
            "amboy.groups.tenants.kind=remote",
            "amboy.groups.tenants.kind",
            "remote",
            "must be one of local, postgres"),
        bad(
            "amboy.groups.tenants.queue.kind=postgres",
            "amboy.groups.tenants.queue.kind",
            "postgres",
            "must be one of limited-size, ordered, adaptive, priority, shuffled"),
        bad(
            "amboy.groups.tenants.queue.workers=0",
            "amboy.groups.tenants.queue.workers",
            "0",
            "must be >= 1"),
        bad(
            "amboy.operations.ping.queue=missing,amboy.operations.ping.job-type=x,amboy.operations.ping.interval=1m",
            "amboy.operations.ping.queue",
            "missing",
            "must name a queue of amboy.queues [] or a Queue bean of the application, or a group's queue as <group>:<queue> (amboy.groups [])"),
        bad(
            "amboy.queues.q.workers=1,amboy.operations.ping.queue=q,amboy.operations.ping.job-type=x",
            "amboy.operations.ping.interval",
            null,
            "set exactly one of interval and cron"),
        bad(
            "amboy.queues.q.workers=1,amboy.operations.ping.queue=q,amboy.operations.ping.job-type=x,amboy.operations.ping.cron=61 * * * * *",
            "amboy.operations.ping.cron",
            "61 * * * * *",
            "second"),
        bad(
            "amboy.queues.q.workers=1,amboy.operations.ping.queue=q,amboy.operations.ping.job-type=x,amboy.operations.ping.cron=0 0 * * * *,amboy.operations.ping.zone=Mars/Olympus",
            "amboy.operations.ping.zone",
            "Mars/Olympus",
            "must be a time zone id"),
        bad(
            "amboy.queues.q.workers=1,amboy.operations.ping.queue=q,amboy.operations.ping.job-type=x,amboy.operations.ping.interval=1m,amboy.operations.ping.threshold=-1",
            "amboy.operations.ping.threshold",
            "-1",
            "must be >= 0"),
        bad(
            "amboy.postgres.initialize-schema=sometimes",
            "amboy.postgres.initialize-schema",
            "sometimes",
            "must be one of embedded, always, never"),
        bad(
            "amboy.postgres.schema=drop table",
            "amboy.postgres.schema",
            "drop table",
            "must be an unquoted SQL identifier"),
        bad(
            "amboy.shutdown.timeout=-5s",
            "amboy.shutdown.timeout",
            "-5s",
            "must be a duration >= 0s"));
  }

  private static Arguments bad(String properties, String key, String value, String allowed) {
    return Arguments.of(properties, key, value, allowed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badProperties")
  void aBadPropertyFailsStartUpNamingKeyValueAndWhatIsAllowed(
      String properties, String key, String value, String allowed) {
    runner
        .withPropertyValues(properties.split(","))
        .run(
            context -> {
              InvalidAmboyConfigurationException failure = failure(context);
              assertThat(failure.problems())
                  .anySatisfy(
                      problem -> {
                        assertThat(problem.subject()).isEqualTo(key);
                        assertThat(problem.value()).isEqualTo(value);
                        assertThat(problem.allowed()).contains(allowed);
                      });
              assertThat(failure.getMessage()).contains(key).contains(allowed);
            });
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    runner
        .withPropertyValues(
            "amboy.queues.emails.workers=0",
            "amboy.queues.emails.kind=fifo",
            "amboy.groups.tenants.ttl=-1s")
        .run(
            context ->
                assertThat(failure(context).problems())
                    .extracting(Problem::subject)
                    .containsExactlyInAnyOrder(
                        "amboy.queues.emails.workers",
                        "amboy.queues.emails.kind",
                        "amboy.groups.tenants.ttl"));
  }

  @Test
  void anOperationNamingAnUnregisteredJobTypeFailsStartUp() {
    runner
        .withPropertyValues(
            "amboy.queues.q.workers=1",
            "amboy.operations.ping.queue=q",
            "amboy.operations.ping.job-type=nope",
            "amboy.operations.ping.interval=1m")
        .run(
            context -> {
              InvalidAmboyConfigurationException failure = failure(context);
              assertThat(failure.problems())
                  .singleElement()
                  .satisfies(
                      problem -> {
                        assertThat(problem.subject()).isEqualTo("amboy.operations.ping.job-type");
                        assertThat(problem.value()).isEqualTo("nope");
                        assertThat(problem.allowed())
                            .startsWith("must be a registered job type: [");
                      });
            });
  }

  @Test
  void anOperationNamingAnUnregisteredVersionFailsStartUpListingTheVersions() {
    runner
        .withPropertyValues(
            "amboy.queues.q.workers=1",
            "amboy.operations.ping.queue=q",
            "amboy.operations.ping.job-type=shell",
            "amboy.operations.ping.job-version=7",
            "amboy.operations.ping.interval=1m")
        .run(
            context ->
                assertThat(failure(context).problems())
                    .singleElement()
                    .isEqualTo(
                        new Problem(
                            "amboy.operations.ping.job-version",
                            "7",
                            "job type 'shell' is registered with the versions [1]")));
  }

  @Test
  void anOperationMayNameTheApplicationsOwnQueueBean() {
    runner
        .withUserConfiguration(OwnQueue.class)
        .withPropertyValues(
            "amboy.operations.ping.queue=mine",
            "amboy.operations.ping.job-type=shell",
            "amboy.operations.ping.job-version=1",
            "amboy.operations.ping.interval=1h",
            "amboy.operations.ping.initial-delay=1h")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnQueue {
    @Bean
    dev.amboy.Queue mine() {
      return dev.amboy.queue.Queues.limitedSize("mine", 1, 10);
    }
  }

  @Test
  void twoClassesClaimingOneTypeFailStartUpNamingBoth() {
    runner
        .withUserConfiguration(DuplicatesApplication.class)
        .run(
            context -> {
              Problem problem = failure(context).problems().get(0);
              assertThat(problem.subject()).isEqualTo("@AmboyJob(type = \"report\", version = 3)");
              assertThat(problem.value())
                  .contains(
                      "dev.amboy.spring.boot.autoconfigure.duplicates.FirstReportJob",
                      "dev.amboy.spring.boot.autoconfigure.duplicates.SecondReportJob");
              assertThat(problem.allowed()).contains("two classes claim job type 'report'");
            });
  }

  @Test
  void anAnnotatedClassThatIsNotAJobFailsStartUp() {
    runner
        .withUserConfiguration(NotAJobApplication.class)
        .run(
            context -> {
              Problem problem = failure(context).problems().get(0);
              assertThat(problem.subject())
                  .isEqualTo("dev.amboy.spring.boot.autoconfigure.notajob.Invoice");
              assertThat(problem.allowed()).contains("must implement dev.amboy.Job");
            });
  }

  @Test
  void theFailureAnalyzerDescribesEachProblemAndTheFix() {
    runner
        .withPropertyValues("amboy.queues.emails.workers=0", "amboy.groups.tenants.ttl=-1m")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new InvalidAmboyConfigurationFailureAnalyzer()
                      .analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .isEqualTo(
                      """
                      amboy is configured incorrectly:

                          Property: amboy.queues.emails.workers
                          Value: "0"
                          Reason: must be >= 1

                          Property: amboy.groups.tenants.ttl
                          Value: "-1m"
                          Reason: must be a duration >= 0s (such as 500ms, 30s or 5m)
                      """);
              assertThat(analysis.getAction())
                  .isEqualTo(
                      """
                      Update your application's configuration or code:

                          - amboy.queues.emails.workers: must be >= 1
                          - amboy.groups.tenants.ttl: must be a duration >= 0s (such as 500ms, 30s\
                       or 5m)""");
            });
  }

  @Test
  void theFailureAnalyzerNamesAClassAsTheSourceOfAProblemThatIsNotAProperty() {
    runner
        .withUserConfiguration(DuplicatesApplication.class)
        .run(
            context ->
                assertThat(
                        new InvalidAmboyConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure())
                            .getDescription())
                    .contains("    Source: @AmboyJob(type = \"report\", version = 3)\n"));
  }

  @Test
  void theFailureAnalyzerIsRegistered() throws Exception {
    java.util.Properties factories = new java.util.Properties();
    try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/spring.factories")) {
      factories.load(in);
    }
    assertThat(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"))
        .isEqualTo(InvalidAmboyConfigurationFailureAnalyzer.class.getName());
  }

  private static InvalidAmboyConfigurationException failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable cause = context.getStartupFailure();
    while (cause != null && !(cause instanceof InvalidAmboyConfigurationException)) {
      cause = cause.getCause();
    }
    assertThat(cause)
        .as("start-up failure %s", context.getStartupFailure())
        .isInstanceOf(InvalidAmboyConfigurationException.class);
    return (InvalidAmboyConfigurationException) cause;
  }
}
