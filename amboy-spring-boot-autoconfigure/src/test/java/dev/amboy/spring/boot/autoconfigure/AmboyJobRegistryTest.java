package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Job;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.registry.JobRegistry;
import dev.amboy.spring.boot.autoconfigure.testapp.GreetJob;
import dev.amboy.spring.boot.autoconfigure.testapp.Greeter;
import dev.amboy.spring.boot.autoconfigure.testapp.JobLedger;
import dev.amboy.spring.boot.autoconfigure.testapp.OldGreetJob;
import dev.amboy.spring.boot.autoconfigure.testapp.SleepJob;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * @AmboyJob classes are found, made by the bean factory, and keep collaborators out of JSON.
 */
@Timeout(60)
class AmboyJobRegistryTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmboyAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class);

  @Test
  void annotatedClassesAreRegisteredAsPrototypeBeansAndInTheRegistry() {
    runner.run(
        context -> {
          JobRegistry registry = context.getBean(JobRegistry.class);
          assertThat(registry.jobTypes())
              .contains(JobType.of("greet", 2), JobType.of("greet", 1), JobType.of("sleep", 1));
          BeanDefinition definition =
              context.getBeanFactory().getBeanDefinition(GreetJob.class.getName());
          assertThat(definition.isPrototype()).isTrue();
          Job first = registry.create(JobType.of("greet", 2));
          Job second = registry.create(JobType.of("greet", 2));
          assertThat(first).isInstanceOf(GreetJob.class).isNotSameAs(second);
          assertThat(((GreetJob) first).greeter()).isSameAs(context.getBean(Greeter.class));
          assertThat(((GreetJob) first).ledger()).isSameAs(context.getBean(JobLedger.class));
          assertThat(registry.create(JobType.of("greet", 1))).isInstanceOf(OldGreetJob.class);
          assertThat(registry.create(JobType.of("sleep", 1))).isInstanceOf(SleepJob.class);
        });
  }

  @Test
  void aJobReadBackFromJsonGetsItsCollaboratorsAndOnlyItsPayloadIsStored() {
    runner
        .withPropertyValues("amboy.queues.greetings.workers=2")
        .run(
            context -> {
              JobRegistry registry = context.getBean(JobRegistry.class);
              AmboyTemplate template = context.getBean(AmboyTemplate.class);
              GreetJob original = (GreetJob) template.create("greet", Map.of("name", "ada"));

              String json = registry.serializer().toJson(original);
              assertThat(json)
                  .contains("\"type\":\"greet\"", "\"version\":2")
                  .doesNotContain("greeter", "ledger", "hello");
              assertThat(registry.serializer().readInterchange(json).job().propertyNames())
                  .containsExactlyInAnyOrder("name", "greeting");

              GreetJob restored = (GreetJob) registry.serializer().fromJson(json);
              assertThat(restored).isNotSameAs(original);
              assertThat(restored.id()).isEqualTo(original.id());
              assertThat(restored.name()).isEqualTo("ada");
              assertThat(restored.greeter()).isSameAs(context.getBean(Greeter.class));
              assertThat(restored.ledger()).isSameAs(context.getBean(JobLedger.class));

              Queue greetings = context.getBean("greetings", Queue.class);
              greetings.put(restored);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> greetings.get(restored.id()).orElseThrow().status().completed());
              assertThat(restored.greeting()).isEqualTo("hello, ada");
              assertThat(restored.errors()).isEmpty();
              assertThat(context.getBean(JobLedger.class).entries()).contains("hello, ada");
            });
  }

  @Test
  void anApplicationRegistryIsLeftAsItIs() {
    JobRegistry own = new JobRegistry();
    runner
        .withBean(JobRegistry.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBean(JobRegistry.class)).isSameAs(own);
              assertThat(own.isRegistered(JobType.of("greet", 2))).isFalse();
            });
  }
}
