package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.AbortableRunner;
import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.Runner;
import dev.amboy.job.Jobs;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import dev.amboy.queue.Queues;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

@Timeout(60)
class AmboyAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmboyAutoConfiguration.class));

  @Test
  void withoutPropertiesCreatesTheRegistryTemplateAndLifecycleButNoQueues() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(JobRegistry.class);
          assertThat(context).hasSingleBean(AmboyTemplate.class);
          assertThat(context).hasSingleBean(AmboyQueues.class);
          assertThat(context).hasSingleBean(AmboyLifecycle.class);
          assertThat(context).hasSingleBean(AmboyOperations.class);
          assertThat(context).doesNotHaveBean(Queue.class);
          assertThat(context).doesNotHaveBean(QueueGroup.class);
          assertThat(context.getBean(AmboyLifecycle.class).state())
              .isEqualTo(AmboyLifecycle.State.RUNNING);
        });
  }

  @Test
  void disabledCreatesNothing() {
    runner
        .withPropertyValues(
            "amboy.enabled=false", "amboy.queues.emails.workers=2", "amboy.groups.tenants.ttl=1m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(JobRegistry.class);
              assertThat(context).doesNotHaveBean(AmboyTemplate.class);
              assertThat(context).doesNotHaveBean(AmboyQueues.class);
              assertThat(context).doesNotHaveBean(AmboyLifecycle.class);
              assertThat(context).doesNotHaveBean(AmboyProperties.class);
              assertThat(context).doesNotHaveBean(Queue.class);
              assertThat(context).doesNotHaveBean(Runner.class);
              assertThat(context).doesNotHaveBean(QueueGroup.class);
            });
  }

  @Test
  void everyQueueKindAndRunnerBecomesNamedStartedBeans() {
    runner
        .withPropertyValues(
            "amboy.queues.fifo.kind=limited-size",
            "amboy.queues.fifo.workers=3",
            "amboy.queues.fifo.capacity=50",
            "amboy.queues.steps.kind=ordered",
            "amboy.queues.steps.runner=single",
            "amboy.queues.ready.kind=adaptive",
            "amboy.queues.ready.runner=abortable",
            "amboy.queues.ready.workers=2",
            "amboy.queues.urgent.kind=priority",
            "amboy.queues.urgent.runner=rate-limited",
            "amboy.queues.urgent.rate-limit.interval=5ms",
            "amboy.queues.fair.kind=shuffled",
            "amboy.queues.fair.runner=ewma",
            "amboy.queues.fair.rate-limit.target=100",
            "amboy.queues.fair.rate-limit.period=1s",
            "amboy.queues.producer.runner=none",
            "amboy.groups.tenants.ttl=5m",
            "amboy.groups.tenants.prune-frequency=30s",
            "amboy.groups.tenants.queue.kind=priority",
            "amboy.groups.tenants.queue.workers=2")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBeansOfType(Queue.class))
                  .containsOnlyKeys("fifo", "steps", "ready", "urgent", "fair", "producer");
              assertQueue(context.getBean("fifo", Queue.class), "limited-size", "pool", 3);
              assertQueue(context.getBean("steps", Queue.class), "ordered", "single", 1);
              assertQueue(context.getBean("ready", Queue.class), "adaptive", "abortable", 2);
              assertQueue(
                  context.getBean("urgent", Queue.class),
                  "priority",
                  "rate-limited",
                  RunnerOptions.defaultWorkers());
              assertQueue(
                  context.getBean("fair", Queue.class),
                  "shuffled",
                  "ewma",
                  RunnerOptions.defaultWorkers());
              assertQueue(context.getBean("producer", Queue.class), "limited-size", "none", 0);
              assertThat(context.getBean("fifo", Queue.class).runner().workers()).isEqualTo(3);
              assertThat(context.getBean("ready")).isInstanceOf(DeletableJobQueue.class);
              assertThat(context.getBean("urgent")).isInstanceOf(DeletableJobQueue.class);
              assertThat(context.getBean("fair")).isInstanceOf(DeletableJobQueue.class);
              assertThat(context.getBean("ready.runner")).isInstanceOf(AbortableRunner.class);
              assertThat(context.getBean("urgent.runner")).isInstanceOf(AbortableRunner.class);
              assertThat(context.getBean("fair.runner")).isInstanceOf(AbortableRunner.class);
              assertThat(context.getBean("fifo.runner"))
                  .isSameAs(context.getBean("fifo", Queue.class).runner());
              assertThat(context.getBeansOfType(Runner.class)).hasSize(6);
              assertThat(context.getBean("producer", Queue.class).runner().workers()).isZero();

              QueueGroup tenants = context.getBean("tenants", QueueGroup.class);
              Queue acme = tenants.get("acme");
              assertThat(acme.id()).isEqualTo("tenants:acme");
              assertThat(acme.info().kind()).isEqualTo("priority");
              assertThat(acme.info().started()).isTrue();
              assertThat(acme.runner().workers()).isEqualTo(2);
              assertThat(context.getBean(AmboyQueues.class).groupQueues("tenants"))
                  .containsOnlyKeys("acme");

              Queue fifo = context.getBean("fifo", Queue.class);
              Job job = Jobs.of("hello", ctx -> {});
              fifo.put(job);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> fifo.get("hello").orElseThrow().status().completed());
            });
  }

  private static void assertQueue(Queue queue, String kind, String runner, int workers) {
    assertThat(queue.info().kind()).isEqualTo(kind);
    assertThat(queue.info().started()).isTrue();
    assertThat(queue.runner().kind()).isEqualTo(runner);
    assertThat(queue.runner().isStarted()).isTrue();
    assertThat(queue.runner().workers()).isEqualTo(workers);
  }

  @Test
  void workersDefaultToTheAvailableProcessors() {
    runner
        .withPropertyValues("amboy.queues.emails.kind=limited-size")
        .run(
            context ->
                assertThat(context.getBean("emails", Queue.class).runner().workers())
                    .isEqualTo(RunnerOptions.defaultWorkers()));
  }

  @Test
  void queuesAreInjectableByQualifier() {
    runner
        .withUserConfiguration(EmailSender.class)
        .withPropertyValues("amboy.queues.emails.workers=1", "amboy.queues.reports.workers=1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              EmailSender sender = context.getBean(EmailSender.class);
              assertThat(sender.queue).isSameAs(context.getBean("emails"));
              assertThat(sender.queue.id()).isEqualTo("emails");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class EmailSender {
    final Queue queue;

    EmailSender(@Qualifier("emails") Queue queue) {
      this.queue = queue;
    }
  }

  @Test
  void queuesAreNotStartedBeforeTheContextIsRefreshed() {
    runner
        .withUserConfiguration(StartObserver.class)
        .withPropertyValues("amboy.queues.emails.workers=1")
        .run(
            context -> {
              assertThat(context.getBean(StartObserver.class).startedAtInjection).isFalse();
              assertThat(context.getBean("emails", Queue.class).info().started()).isTrue();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class StartObserver {
    final boolean startedAtInjection;

    StartObserver(@Qualifier("emails") Queue queue) {
      this.startedAtInjection = queue.info().started();
    }
  }

  @Test
  void userBeansWin() {
    runner
        .withUserConfiguration(UserBeans.class)
        .withPropertyValues("amboy.queues.emails.workers=4")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(JobRegistry.class)).isSameAs(UserBeans.REGISTRY);
              Queue emails = context.getBean("emails", Queue.class);
              assertThat(emails.runner().workers()).isEqualTo(1);
              assertThat(context).doesNotHaveBean("emails.runner");
              assertThat(context.getBean(AmboyTemplate.class))
                  .isSameAs(context.getBean("userTemplate"));
              assertThat(emails.info().started())
                  .as("the lifecycle starts the application's own queue beans too")
                  .isTrue();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBeans {
    static final JobRegistry REGISTRY = new JobRegistry();

    @Bean
    JobRegistry userRegistry() {
      return REGISTRY;
    }

    @Bean
    Queue emails() {
      Queue queue = Queues.limitedSize("emails", 1, 10);
      queue.setRunner(Runners.pool(1));
      return queue;
    }

    @Bean
    AmboyTemplate userTemplate(AmboyQueues queues) {
      return new AmboyTemplate(queues, REGISTRY);
    }
  }

  @Test
  void userRunnerBeanReplacesTheConfiguredRunner() {
    runner
        .withBean("emails.runner", Runner.class, () -> Runners.abortable(2))
        .withPropertyValues("amboy.queues.emails.runner=pool")
        .run(
            context -> {
              Queue emails = context.getBean("emails", Queue.class);
              assertThat(emails.runner()).isInstanceOf(AbortableRunner.class);
              assertThat(emails.runner().workers()).isEqualTo(2);
            });
  }

  @Test
  void customizersSeeEveryQueueTheStarterCreatesIncludingGroupQueues() {
    runner
        .withUserConfiguration(Customizers.class)
        .withPropertyValues("amboy.queues.emails.workers=1", "amboy.groups.tenants.ttl=1m")
        .run(
            context -> {
              context.getBean("tenants", QueueGroup.class).get("acme");
              assertThat(Customizers.CUSTOMIZED)
                  .containsExactly(
                      "first emails", "second emails", "first tenants:acme", "second tenants:acme");
              assertThat(context.getBean(JobRegistry.class).isRegistered(JobType.of("custom", 1)))
                  .isTrue();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    static final List<String> CUSTOMIZED = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    AmboyQueueCustomizer second() {
      return queue -> CUSTOMIZED.add("second " + queue.id());
    }

    @Bean
    @Order(1)
    AmboyQueueCustomizer first() {
      return queue -> {
        assertThat(queue.info().started()).isFalse();
        CUSTOMIZED.add("first " + queue.id());
      };
    }

    @Bean
    JobRegistryCustomizer custom() {
      return registry -> registry.register(JobType.of("custom", 1), () -> Jobs.of("x", c -> {}));
    }
  }

  @Test
  void aGroupQueueIsAddressableThroughTheCatalogAndForgottenWhenPruned() {
    runner
        .withPropertyValues(
            "amboy.groups.tenants.ttl=0s", "amboy.groups.tenants.prune-frequency=0s")
        .run(
            context -> {
              AmboyQueues queues = context.getBean(AmboyQueues.class);
              QueueGroup tenants = context.getBean("tenants", QueueGroup.class);
              assertThat(queues.find("tenants:acme")).isEmpty();
              Queue acme = queues.resolve("tenants:acme");
              assertThat(queues.find("tenants:acme")).containsSame(acme);
              // with a ttl of zero, a pass keeps a queue asked for since the previous pass
              assertThat(tenants.prune()).isZero();
              assertThat(queues.find("tenants:acme")).containsSame(acme);
              assertThat(tenants.prune()).isEqualTo(1);
              assertThat(queues.find("tenants:acme")).isEmpty();
              assertThat(queues.groupQueues("tenants")).isEmpty();
            });
  }
}
