package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.Job;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobType;
import dev.amboy.QueueGroup;
import dev.amboy.UnknownJobTypeException;
import dev.amboy.job.Jobs;
import dev.amboy.spring.boot.autoconfigure.testapp.GreetJob;
import dev.amboy.spring.boot.autoconfigure.testapp.OldGreetJob;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@Timeout(60)
class AmboyTemplateTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmboyAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues(
              "amboy.queues.greetings.workers=2",
              "amboy.queues.slow.workers=1",
              "amboy.groups.tenants.ttl=10m");

  /** A payload object; its fields become the job's fields. */
  record Greeting(String name) {}

  @Test
  void putsARegisteredTypeWithAMapOrObjectPayloadAndWaitsForIt() {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          Job fromMap = template.put("greetings", "greet", Map.of("name", "ada"));
          Job fromObject = template.put("greetings", "greet", new Greeting("grace"));
          assertThat(fromMap).isInstanceOf(GreetJob.class);
          assertThat(fromMap.type()).isEqualTo(JobType.of("greet", 2));

          Optional<Job> done = template.await("greetings", fromMap.id(), Duration.ofSeconds(10));
          assertThat(done)
              .get()
              .extracting(job -> ((GreetJob) job).greeting())
              .isEqualTo("hello, ada");
          assertThat(template.await("greetings", fromObject.id(), Duration.ofSeconds(10)))
              .get()
              .extracting(job -> ((GreetJob) job).greeting())
              .isEqualTo("hello, grace");
          assertThat(template.get("greetings", fromMap.id())).containsSame(fromMap);
          assertThat(template.get("greetings", "nope")).isEmpty();
        });
  }

  @Test
  void putsAnExactVersionAndJobObjects() {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          Job old = template.put("greetings", JobType.of("greet", 1), Map.of("name", "old"));
          assertThat(old).isInstanceOf(OldGreetJob.class);
          Job lambda = template.put("greetings", Jobs.of("lambda-1", ctx -> {}));
          assertThat(template.await("greetings", lambda.id(), Duration.ofSeconds(10))).isPresent();
          assertThat(template.await("greetings", old.id(), Duration.ofSeconds(10))).isPresent();
        });
  }

  @Test
  void awaitReturnsEmptyWhenTheJobDoesNotCompleteInTime() {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          Job sleeper = template.put("slow", "sleep", Map.of("millis", 5_000));
          assertThat(template.await("slow", sleeper.id(), Duration.ofMillis(50))).isEmpty();
          assertThatThrownBy(() -> template.await("slow", "unknown", Duration.ofMillis(50)))
              .isInstanceOf(JobNotDefinedException.class)
              .hasMessageContaining("unknown");
        });
  }

  @Test
  void addressesAGroupsQueueAsGroupColonQueue() {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          Job job = template.put("tenants:acme", "greet", Map.of("name", "acme"));
          assertThat(template.await("tenants:acme", job.id(), Duration.ofSeconds(10))).isPresent();
          QueueGroup tenants = template.group("tenants");
          assertThat(tenants.queues()).containsExactly("acme");
          assertThat(template.queue("tenants:acme").id()).isEqualTo("tenants:acme");
        });
  }

  @Test
  void badInputFailsWithAMessageThatSaysWhatExists() {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          assertThatThrownBy(() -> template.put("nowhere", "greet", Map.of()))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("no queue named 'nowhere'")
              .hasMessageContaining("[greetings, slow]")
              .hasMessageContaining("[tenants]");
          assertThatThrownBy(() -> template.create("mystery", null))
              .isInstanceOf(UnknownJobTypeException.class)
              .hasMessageContaining("mystery")
              .hasMessageContaining("greet");
          assertThatThrownBy(() -> template.create("greet", Map.of("nmae", "typo")))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("greet@2")
              .hasMessageContaining("nmae");
          assertThatThrownBy(() -> template.create("greet", "just a string"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("must be an object of field values");
          assertThatThrownBy(() -> template.group("nope"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("[tenants]");
        });
  }
}
