package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.Job;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint;
import dev.amboy.spring.boot.actuate.health.AmboyHealthIndicator;
import dev.amboy.spring.boot.actuate.metrics.AmboyMetrics;
import dev.amboy.spring.boot.actuate.observation.AmboyObservations;
import dev.amboy.spring.boot.autoconfigure.endpoint.AmboyEndpointAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.health.AmboyHealthAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.metrics.AmboyMetricsAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.observation.AmboyObservationAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Actuator, health, Micrometer and observations are optional: without each on the classpath its
 * auto-configuration backs off and the queues still run.
 */
@Timeout(60)
class OptionalDependenciesTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  ObservationAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  AmboyAutoConfiguration.class,
                  AmboyEndpointAutoConfiguration.class,
                  AmboyHealthAutoConfiguration.class,
                  AmboyMetricsAutoConfiguration.class,
                  AmboyObservationAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues(
              "management.endpoints.web.exposure.include=amboy", "amboy.queues.work.workers=1");

  @Test
  void withoutAmboyPostgresOrSpringJdbcThePostgresKindIsRejectedNamingWhatToAdd() {
    for (FilteredClassLoader missing :
        List.of(
            new FilteredClassLoader("dev.amboy.postgres"),
            new FilteredClassLoader("org.springframework.jdbc"))) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  AmboyAutoConfiguration.class, AmboyPostgresAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues(
              "amboy.groups.tenants.kind=postgres", "amboy.groups.tenants.queue.kind=postgres")
          .withClassLoader(missing)
          .run(
              context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure())
                    .isInstanceOf(InvalidAmboyConfigurationException.class)
                    .hasMessageContaining("amboy.groups.tenants.kind was 'postgres'")
                    .hasMessageContaining("dev.amboy:amboy-postgres")
                    .hasMessageContaining("spring-boot-starter-jdbc");
              });
    }
  }

  @Test
  void everythingIsThereWhenEverythingIsOnTheClasspath() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(AmboyEndpoint.class);
          assertThat(context).hasSingleBean(AmboyHealthIndicator.class);
          assertThat(context).hasSingleBean(AmboyMetrics.class);
          assertThat(context).hasSingleBean(AmboyObservations.class);
          assertJobsRun(context);
        });
  }

  @Test
  void withoutMicrometerThereAreNoMetersAndNoObservations() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(AmboyMetrics.class);
              assertThat(context).doesNotHaveBean(AmboyObservations.class);
              assertThat(context).hasSingleBean(AmboyEndpoint.class);
              assertThat(context).hasSingleBean(AmboyHealthIndicator.class);
              assertJobsRun(context);
            });
  }

  @Test
  void withoutMicrometerCoreThereAreNoMetersButObservations() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(AmboyMetrics.class);
              assertThat(context).hasSingleBean(AmboyObservations.class);
              assertJobsRun(context);
            });
  }

  @Test
  void withoutObservationsThereAreNoObservations() {
    runner
        .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(AmboyObservations.class);
              assertThat(context).hasSingleBean(AmboyMetrics.class);
              assertJobsRun(context);
            });
  }

  @Test
  void withoutTheHealthModuleThereIsNoHealthIndicator() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(AmboyHealthIndicator.class);
              assertThat(context).hasSingleBean(AmboyEndpoint.class);
              assertJobsRun(context);
            });
  }

  @Test
  void withoutTheActuatorThereIsNoEndpoint() {
    runner
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(AmboyEndpoint.class);
              assertJobsRun(context);
            });
  }

  @Test
  void withNoneOfThemTheQueuesStillRun() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                AmboyAutoConfiguration.class,
                AmboyEndpointAutoConfiguration.class,
                AmboyHealthAutoConfiguration.class,
                AmboyMetricsAutoConfiguration.class,
                AmboyObservationAutoConfiguration.class))
        .withUserConfiguration(TestApplication.class)
        .withPropertyValues("amboy.queues.work.workers=1")
        .withClassLoader(
            new FilteredClassLoader(
                "io.micrometer",
                "org.springframework.boot.actuate",
                "org.springframework.boot.health",
                "org.springframework.boot.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(AmboyEndpoint.class);
              assertThat(context).doesNotHaveBean(AmboyHealthIndicator.class);
              assertThat(context).doesNotHaveBean(AmboyMetrics.class);
              assertThat(context).doesNotHaveBean(AmboyObservations.class);
              assertJobsRun(context);
            });
  }

  @Test
  void everyAutoConfigurationIsRegisteredInTheImportsFile() throws IOException {
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
      List<String> lines =
          Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
              .map(String::trim)
              .filter(line -> !line.isEmpty())
              .toList();
      assertThat(lines)
          .containsExactly(
              AmboyAutoConfiguration.class.getName(),
              AmboyEndpointAutoConfiguration.class.getName(),
              AmboyHealthAutoConfiguration.class.getName(),
              AmboyMetricsAutoConfiguration.class.getName(),
              AmboyObservationAutoConfiguration.class.getName(),
              AmboyPostgresAutoConfiguration.class.getName());
    }
  }

  private static void assertJobsRun(AssertableApplicationContext context) throws Exception {
    AmboyTemplate template = context.getBean(AmboyTemplate.class);
    Job job = template.put("work", "greet", Map.of("name", "optional"));
    assertThat(template.await("work", job.id(), Duration.ofSeconds(10))).isPresent();
  }
}
