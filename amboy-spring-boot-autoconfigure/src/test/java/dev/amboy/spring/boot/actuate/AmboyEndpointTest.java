package dev.amboy.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.job.Jobs;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint.AmboyDescriptor;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint.GroupDescriptor;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint.JobDescriptor;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint.QueueDetail;
import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpointWebExtension;
import dev.amboy.spring.boot.actuate.endpoint.JobActionResult;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import dev.amboy.spring.boot.autoconfigure.endpoint.AmboyEndpointAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@Timeout(60)
class AmboyEndpointTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  AmboyAutoConfiguration.class,
                  EndpointAutoConfiguration.class,
                  AmboyEndpointAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withPropertyValues(
              "management.endpoints.web.exposure.include=amboy",
              "amboy.queues.work.workers=2",
              "amboy.queues.hold.workers=1",
              "amboy.queues.hold.runner=abortable",
              "amboy.groups.tenants.ttl=10m",
              "amboy.operations.hello.queue=work",
              "amboy.operations.hello.job-type=greet",
              "amboy.operations.hello.interval=1h",
              "amboy.operations.hello.payload.name=ops");

  @Test
  void theEndpointIsAvailableOnlyWhenExposed() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(context -> assertThat(context).doesNotHaveBean(AmboyEndpoint.class));
    runner
        .withPropertyValues("management.endpoint.amboy.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(AmboyEndpoint.class));
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(AmboyEndpoint.class);
          assertThat(context).hasSingleBean(AmboyEndpointWebExtension.class);
        });
  }

  @Test
  void readsEveryQueueGroupAndOperation() {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          Job done = template.put("work", "greet", Map.of("name", "ada"));
          template.await("work", done.id(), Duration.ofSeconds(10));
          template.put("tenants:acme", "greet", Map.of("name", "acme"));
          AmboyEndpoint endpoint = context.getBean(AmboyEndpoint.class);

          AmboyDescriptor all = endpoint.amboy();
          assertThat(all.state()).isEqualTo("running");
          assertThat(all.queues()).containsOnlyKeys("work", "hold");
          assertThat(all.queues().get("work").kind()).isEqualTo("limited-size");
          assertThat(all.queues().get("work").started()).isTrue();
          assertThat(all.queues().get("work").runner().kind()).isEqualTo("pool");
          assertThat(all.queues().get("work").runner().workers()).isEqualTo(2);
          assertThat(all.queues().get("work").stats().completed()).isGreaterThanOrEqualTo(1);
          assertThat(all.queues().get("hold").runner().kind()).isEqualTo("abortable");
          assertThat(all.groups()).containsOnlyKeys("tenants");
          GroupDescriptor tenants = all.groups().get("tenants");
          assertThat(tenants.kind()).isEqualTo("local");
          assertThat(tenants.size()).isEqualTo(1);
          assertThat(tenants.queues()).containsOnlyKeys("acme");
          assertThat(all.operations()).containsOnlyKeys("hello");
          assertThat(all.operations().get("hello").queue()).isEqualTo("work");
          assertThat(all.operations().get("hello").running()).isTrue();

          QueueDetail work = (QueueDetail) endpoint.queue("work", null);
          assertThat(work.jobs().limit()).isEqualTo(AmboyEndpoint.DEFAULT_LIMIT);
          assertThat(work.jobs().completed()).contains(done.id());
          assertThat(work.lockTimeout()).isEqualTo(Duration.ofMinutes(10));
          assertThat(work.runningJobs()).isNull();
          assertThat(((QueueDetail) endpoint.queue("work", 0)).jobs().completed()).isEmpty();
          assertThat(endpoint.queue("tenants:acme", null)).isInstanceOf(QueueDetail.class);
          assertThat(endpoint.queue("tenants", null)).isInstanceOf(GroupDescriptor.class);
          assertThat(endpoint.queue("nothing", null)).isNull();

          JobDescriptor job = endpoint.job("work", done.id());
          assertThat(job.state()).isEqualTo("completed");
          assertThat(job.outcome()).isEqualTo("success");
          assertThat(job.type()).isEqualTo("greet");
          assertThat(job.version()).isEqualTo(2);
          assertThat(job.times().created()).isNotNull();
          assertThat(job.times().started()).isNotNull();
          assertThat(job.times().ended()).isNotNull();
          assertThat(endpoint.job("work", "unknown")).isNull();
          assertThat(endpoint.job("unknown", done.id())).isNull();
        });
  }

  @Test
  void completesAPendingJobAndAbortsARunningOne() {
    runner.run(
        context -> {
          Queue hold = context.getBean("hold", Queue.class);
          CountDownLatch release = new CountDownLatch(1);
          hold.put(Jobs.of("blocker", ctx -> release.await()));
          hold.put(Jobs.of("waiting", ctx -> {}));
          await().atMost(Duration.ofSeconds(10)).until(() -> hold.stats().running() == 1);
          AmboyEndpointWebExtension web = context.getBean(AmboyEndpointWebExtension.class);

          WebEndpointResponse<JobActionResult> completed =
              web.jobAction("hold", "waiting", "complete");
          assertThat(completed.getStatus()).isEqualTo(200);
          assertThat(completed.getBody().done()).isTrue();
          assertThat(completed.getBody().job().state()).isEqualTo("completed");
          assertThat(hold.get("waiting").orElseThrow().status().completed()).isTrue();

          assertThat(
                  ((QueueDetail) context.getBean(AmboyEndpoint.class).queue("hold", null))
                      .runningJobs())
              .containsExactly("blocker");
          WebEndpointResponse<JobActionResult> aborted = web.jobAction("hold", "blocker", "abort");
          assertThat(aborted.getStatus()).isEqualTo(200);
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> hold.get("blocker").orElseThrow().status().completed());
          assertThat(context.getBean(AmboyEndpoint.class).job("hold", "blocker").outcome())
              .isEqualTo("aborted");

          WebEndpointResponse<JobActionResult> again = web.jobAction("hold", "blocker", "abort");
          assertThat(again.getStatus()).isEqualTo(409);
          assertThat(again.getBody().message()).isEqualTo("the job is not running");
        });
  }

  @Test
  void refusesActionsWithAStatusAndAReason() {
    runner.run(
        context -> {
          Queue work = context.getBean("work", Queue.class);
          CountDownLatch release = new CountDownLatch(1);
          work.put(Jobs.of("busy", ctx -> release.await()));
          await().atMost(Duration.ofSeconds(10)).until(() -> work.stats().running() == 1);
          AmboyEndpointWebExtension web = context.getBean(AmboyEndpointWebExtension.class);

          WebEndpointResponse<JobActionResult> notAbortable =
              web.jobAction("work", "busy", "abort");
          assertThat(notAbortable.getStatus()).isEqualTo(409);
          assertThat(notAbortable.getBody().message())
              .isEqualTo(
                  "queue 'work' runs its jobs on a 'pool' runner, which cannot abort jobs; use the"
                      + " abortable, rate-limited or ewma runner");
          assertThat(web.jobAction("work", "busy", "complete").getStatus()).isEqualTo(409);
          assertThat(web.jobAction("work", "busy", "restart").getStatus()).isEqualTo(400);
          assertThat(web.jobAction("work", "busy", null).getBody().message())
              .isEqualTo("action must be 'complete' or 'abort' but was missing");
          assertThat(web.jobAction("work", "ghost", "complete").getStatus()).isEqualTo(404);
          assertThat(web.jobAction("nowhere", "busy", "complete").getStatus()).isEqualTo(404);
          release.countDown();
        });
  }
}
