package dev.amboy.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import dev.amboy.Job;
import dev.amboy.JobStatus;
import dev.amboy.Queue;
import dev.amboy.job.Jobs;
import dev.amboy.queue.Queues;
import dev.amboy.registry.JobRegistry;
import dev.amboy.spring.boot.actuate.observation.AmboyObservations;
import dev.amboy.spring.boot.autoconfigure.AmboyAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import dev.amboy.spring.boot.autoconfigure.observation.AmboyObservationAutoConfiguration;
import dev.amboy.spring.boot.autoconfigure.testapp.TestApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With a real Brave bridge, one trace spans from the put to the run of a job. */
@Timeout(60)
class AmboyObservationsTest {

  private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();
  private final Tracing tracing =
      Tracing.newBuilder()
          .currentTraceContext(ThreadLocalCurrentTraceContext.create())
          .addSpanHandler(
              new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                  spans.add(span);
                  return true;
                }
              })
          .build();
  private final ObservationRegistry observations = tracingRegistry(tracing);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  AmboyAutoConfiguration.class, AmboyObservationAutoConfiguration.class))
          .withUserConfiguration(TestApplication.class)
          .withBean(ObservationRegistry.class, () -> observations)
          .withBean("elsewhere", Queue.class, () -> Queues.limitedSize("elsewhere", 1, 10))
          .withPropertyValues("amboy.queues.work.workers=2", "amboy.groups.tenants.ttl=10m");

  private static ObservationRegistry tracingRegistry(Tracing tracing) {
    BraveTracer tracer =
        new BraveTracer(
            tracing.tracer(),
            new BraveCurrentTraceContext(tracing.currentTraceContext()),
            new BraveBaggageManager());
    BravePropagator propagator = new BravePropagator(tracing);
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
    return registry;
  }

  @AfterEach
  void closeTracing() {
    tracing.close();
  }

  @Test
  void theRunContinuesTheTraceOfThePut() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(AmboyObservations.class);
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          Job job =
              Observation.createNotStarted("request", observations)
                  .observe(() -> template.put("work", "greet", Map.of("name", "traced")));
          template.await("work", job.id(), Duration.ofSeconds(10));
          assertThat(job.headers()).isNotEmpty();

          MutableSpan requestSpan = await().until(() -> span("request"), s -> s != null);
          MutableSpan put = await().until(() -> span("amboy put work"), s -> s != null);
          MutableSpan run = await().until(() -> span("amboy run work"), s -> s != null);
          assertThat(put.traceId()).isEqualTo(requestSpan.traceId());
          assertThat(put.parentId()).isEqualTo(requestSpan.id());
          assertThat(put.kind()).isEqualTo(brave.Span.Kind.PRODUCER);
          assertThat(run.traceId()).isEqualTo(put.traceId());
          assertThat(run.parentId()).isEqualTo(put.id());
          assertThat(run.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
          assertThat(run.tag("amboy.queue")).isEqualTo("work");
          assertThat(run.tag("amboy.job.type")).isEqualTo("greet");
          assertThat(run.tag("amboy.job.id")).isEqualTo(job.id());
        });
  }

  /**
   * Another process reads the stored job and runs it: the application's own queue bean has no put
   * observation, so the headers are those the first put wrote.
   */
  @Test
  void theTraceContextTravelsInTheStoredJob() {
    runner.run(
        context -> {
          AmboyTemplate template = context.getBean(AmboyTemplate.class);
          JobRegistry registry = context.getBean(JobRegistry.class);
          Queue elsewhere = context.getBean("elsewhere", Queue.class);
          Job job = template.create("greet", Map.of("name", "stored"));
          template.put("tenants:producer", job);
          String json = registry.serializer().toJson(job);

          Job readBack = registry.serializer().fromJson(json);
          assertThat(readBack.headers()).isEqualTo(job.headers()).isNotEmpty();
          // the copy another process claims from storage is still pending there
          readBack.setStatus(JobStatus.initial());
          elsewhere.put(readBack);
          await().atMost(Duration.ofSeconds(10)).until(() -> span("amboy run elsewhere") != null);

          MutableSpan put = span("amboy put tenants:producer");
          MutableSpan run = span("amboy run elsewhere");
          assertThat(run.traceId()).isEqualTo(put.traceId());
          assertThat(run.parentId()).isEqualTo(put.id());
        });
  }

  @Test
  void aFailedRunIsRecordedAsAnError() {
    runner.run(
        context -> {
          Queue work = context.getBean("work", Queue.class);
          work.put(
              Jobs.of(
                  "failing",
                  ctx -> {
                    throw new IllegalStateException("broken");
                  }));
          MutableSpan run = await().until(() -> span("amboy run work"), s -> s != null);
          assertThat(run.error()).isInstanceOf(IllegalStateException.class).hasMessage("broken");
          MutableSpan put = span("amboy put work");
          assertThat(put.parentId())
              .as("nothing was observed around the put: a new trace")
              .isNull();
          assertThat(run.traceId()).isEqualTo(put.traceId());
          assertThat(run.parentId()).isEqualTo(put.id());
        });
  }

  private MutableSpan span(String name) {
    return spans.stream().filter(span -> name.equals(span.name())).findFirst().orElse(null);
  }
}
