package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.Job;
import dev.amboy.spring.boot.autoconfigure.testapp.GreetJob;
import dev.amboy.spring.boot.autoconfigure.testapp.JobLedger;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code spring.threads.virtual.enabled=true} runs jobs on virtual threads on Java 21 and newer and
 * is ignored on older Java, as Spring Boot does. The build runs this class on Java 17 and, when a
 * Java 25 JDK is installed, again on Java 25.
 */
@Timeout(60)
class VirtualThreadsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmboyAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues("amboy.queues.work.workers=2", "amboy.groups.tenants.ttl=1m");

  @Test
  void jobsRunOnVirtualThreadsWhenEnabledAndTheJvmHasThem() {
    runner
        .withPropertyValues("spring.threads.virtual.enabled=true")
        .run(
            context -> {
              boolean javaHasVirtualThreads = Runtime.version().feature() >= 21;
              Thread worker =
                  runJob(
                      context.getBean(AmboyTemplate.class),
                      context.getBean(JobLedger.class),
                      "work");
              assertThat(isVirtual(worker)).isEqualTo(javaHasVirtualThreads);
              assertThat(worker.getName()).startsWith("amboy-work-worker-");
              Thread groupWorker =
                  runJob(
                      context.getBean(AmboyTemplate.class),
                      context.getBean(JobLedger.class),
                      "tenants:acme");
              assertThat(isVirtual(groupWorker)).isEqualTo(javaHasVirtualThreads);
              assertThat(context.getBean(AmboyQueueFactory.class).virtualThreads())
                  .isEqualTo(javaHasVirtualThreads);
            });
  }

  @Test
  void jobsRunOnPlatformThreadsByDefault() {
    runner.run(
        context -> {
          Thread worker =
              runJob(
                  context.getBean(AmboyTemplate.class), context.getBean(JobLedger.class), "work");
          assertThat(isVirtual(worker)).isFalse();
          assertThat(worker.getName()).startsWith("amboy-work-worker-");
        });
  }

  private static Thread runJob(AmboyTemplate template, JobLedger ledger, String queue)
      throws InterruptedException {
    String name = "thread-check-" + queue;
    Job job = template.put(queue, "greet", Map.of("name", name));
    assertThat(template.await(queue, job.id(), Duration.ofSeconds(10))).isPresent();
    return ledger.threadOf(((GreetJob) job).greeting());
  }

  private static boolean isVirtual(Thread thread) throws Exception {
    if (Runtime.version().feature() < 21) {
      return false;
    }
    return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }
}
