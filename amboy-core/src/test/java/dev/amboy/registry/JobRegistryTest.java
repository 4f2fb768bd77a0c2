package dev.amboy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobSerializationException;
import dev.amboy.JobStatus;
import dev.amboy.JobType;
import dev.amboy.JobVersionMismatchException;
import dev.amboy.UnknownJobTypeException;
import dev.amboy.dependency.CheckDependency;
import dev.amboy.dependency.DependencyState;
import dev.amboy.dependency.DependencyType;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import dev.amboy.job.ShellJob;
import dev.amboy.spring.AmboyJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JobRegistryTest {

  @AmboyJob(type = "send-email", version = 2)
  static final class SendEmail extends AbstractJob {
    private String to;
    private List<Attachment> attachments = new ArrayList<>();
    private transient String notStored = "x";

    SendEmail() {}

    SendEmail(String id, String to) {
      super(id);
      this.to = to;
    }

    @Override
    public void run(JobContext context) {}
  }

  record Attachment(String name, int bytes) {}

  @Test
  void newRegistriesKnowTheBuiltInTypes() {
    JobRegistry registry = new JobRegistry();
    assertThat(registry.jobTypeNames()).containsExactly("group", "shell");
    assertThat(registry.create(ShellJob.TYPE)).isInstanceOf(ShellJob.class);
    assertThat(registry.createDependency(CheckDependency.TYPE)).isInstanceOf(CheckDependency.class);
  }

  @Test
  void aDuplicateRegistrationIsAnError() {
    JobRegistry registry = new JobRegistry();
    registry.register(SendEmail.class, SendEmail::new);
    assertThatThrownBy(() -> registry.register(JobType.of("send-email", 2), SendEmail::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("send-email")
        .hasMessageContaining("already registered");
    registry.register(JobType.of("send-email", 1), SendEmail::new);
    assertThat(registry.jobTypes())
        .contains(JobType.of("send-email", 1), JobType.of("send-email", 2));
  }

  @Test
  void anUnknownTypeIsAnErrorNamingIt() {
    JobRegistry registry = new JobRegistry();
    assertThatThrownBy(() -> registry.create(JobType.of("resize-image", 1)))
        .isInstanceOf(UnknownJobTypeException.class)
        .hasMessageContaining("'resize-image'")
        .hasMessageContaining("[group, shell]");
    assertThatThrownBy(() -> registry.createDependency(new DependencyType("mystery", 0)))
        .isInstanceOf(UnknownJobTypeException.class)
        .hasMessageContaining("dependency type named 'mystery'");
  }

  @Test
  void versionsMustMatchExactly() {
    JobRegistry registry = new JobRegistry();
    registry.register(SendEmail.class, SendEmail::new);
    String stored = registry.serializer().toJson(new SendEmail("e-1", "a@b.c"));
    String olderVersion = stored.replace("\"version\":2", "\"version\":1");

    assertThatThrownBy(() -> registry.serializer().fromJson(olderVersion))
        .isInstanceOf(JobVersionMismatchException.class)
        .hasMessageContaining("'send-email' is stored with version 1")
        .hasMessageContaining("registered versions are [2]");
  }

  @Test
  void localOnlyTypesAreRefusedBySerialization() {
    JobRegistry registry = new JobRegistry();
    Job lambda = Jobs.of("quick", ctx -> {});
    assertThatThrownBy(() -> registry.serializer().toJson(lambda))
        .isInstanceOf(JobSerializationException.class)
        .hasMessageContaining("'quick'")
        .hasMessageContaining("local-only type lambda@-1");
  }

  @Test
  void theEnvelopeHasTheDocumentedFields() {
    JobRegistry registry = new JobRegistry();
    registry.register(SendEmail.class, SendEmail::new);
    SendEmail job = new SendEmail("e-2", "x@y.z");
    job.attachments.add(new Attachment("cv.pdf", 1024));
    job.updateTimeInfo(
        dev.amboy.JobTimeInfo.empty()
            .withCreated(Instant.parse("2024-01-01T00:00:00Z"))
            .withMaxTime(Duration.ofMinutes(1)));
    JsonNode envelope = registry.serializer().encode(job);

    assertThat(envelope.propertyNames())
        .as("priority 0 is left out")
        .containsExactly("id", "type", "version", "status", "time_info", "job", "dependency");
    assertThat(envelope.get("id").asString()).isEqualTo("e-2");
    assertThat(envelope.get("type").asString()).isEqualTo("send-email");
    assertThat(envelope.get("version").asInt()).isEqualTo(2);
    assertThat(envelope.get("time_info").get("created").asString())
        .isEqualTo("2024-01-01T00:00:00Z");
    assertThat(envelope.get("time_info").get("max_time").asString()).isEqualTo("PT1M");
    assertThat(envelope.get("job").get("to").asString()).isEqualTo("x@y.z");
    assertThat(envelope.get("job").has("notStored")).isFalse();
    assertThat(envelope.get("dependency").get("type").asString()).isEqualTo("always");
    assertThat(envelope.get("dependency").has("version")).isFalse();
    assertThat(envelope.get("status").isEmpty()).as("a new job's status: all defaults").isTrue();

    SendEmail copy = (SendEmail) registry.serializer().decode(envelope);
    assertThat(copy.to).isEqualTo("x@y.z");
    assertThat(copy.attachments).containsExactly(new Attachment("cv.pdf", 1024));
    assertThat(copy.notStored).isEqualTo("x");
    assertThat(copy.timeInfo().maxTime()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anEnvelopeLeavesOutDefaultsAndReadsThemBack() {
    JobRegistry registry = new JobRegistry();
    registry.register(SendEmail.class, SendEmail::new);
    SendEmail job = new SendEmail("e-3", "x@y.z");
    job.setPriority(5);
    job.setStatus(
        JobStatus.initial()
            .withCompleted(true)
            .withModification(Instant.parse("2024-01-01T00:00:01Z"), 2)
            .withErrors(List.of("boom")));
    JsonNode envelope = registry.serializer().encode(job);
    assertThat(envelope.get("priority").asInt()).isEqualTo(5);
    assertThat(envelope.get("status").propertyNames())
        .containsExactlyInAnyOrder("completed", "mod_time", "mod_count", "errors", "err_count");

    SendEmail pending =
        (SendEmail)
            registry
                .serializer()
                .fromJson(
                    "{\"id\":\"e-4\",\"type\":\"send-email\",\"version\":2,\"status\":{},"
                        + "\"job\":{\"to\":\"a@b.c\"},\"dependency\":{\"type\":\"always\"}}");
    assertThat(pending.priority()).isZero();
    assertThat(pending.status()).isEqualTo(JobStatus.initial());
    assertThat(pending.dependency().type()).isEqualTo(new DependencyType("always", 0));

    SendEmail done = (SendEmail) registry.serializer().decode(envelope);
    assertThat(done.priority()).isEqualTo(5);
    assertThat(done.status().completed()).isTrue();
    assertThat(done.status().inProgress()).isFalse();
    assertThat(done.status().modificationCount()).isEqualTo(2);
    assertThat(done.status().errors()).containsExactly("boom");
  }

  @Test
  void malformedJsonIsAClearError() {
    JobRegistry registry = new JobRegistry();
    assertThatThrownBy(() -> registry.serializer().fromJson("{not json"))
        .isInstanceOf(JobSerializationException.class)
        .hasMessageStartingWith("malformed job envelope");
    assertThatThrownBy(() -> registry.serializer().fromJson("{\"type\":\"shell\",\"version\":1}"))
        .isInstanceOf(JobSerializationException.class)
        .hasMessageContaining("no id");
    registry.register(SendEmail.class, SendEmail::new);
    assertThatThrownBy(
            () ->
                registry
                    .serializer()
                    .fromJson(
                        "{\"id\":\"e\",\"type\":\"send-email\",\"version\":2,\"job\":{\"attachments\":\"nope\"}}"))
        .isInstanceOf(JobSerializationException.class)
        .hasMessageContaining("cannot read the fields of job 'e'");
  }

  @Test
  void checkDependenciesReadBackUseTheRegistrysChecks() {
    JobRegistry registry = new JobRegistry();
    registry.checks().register("always-blocked", edges -> DependencyState.BLOCKED);
    ShellJob job = new ShellJob("true");
    job.setDependency(new CheckDependency(registry.checks(), "always-blocked"));
    Job copy = registry.serializer().fromJson(registry.serializer().toJson(job));
    assertThat(copy.dependency()).isInstanceOf(CheckDependency.class);
    assertThat(copy.dependency().state()).isEqualTo(DependencyState.BLOCKED);
    assertThat(((CheckDependency) copy.dependency()).checkName()).isEqualTo("always-blocked");
  }

  @Test
  void interchangeNormalisesMissingParts() {
    JobInterchange form =
        new JobInterchange("a", "shell", 1, 0, null, null, null, null, null, null, null);
    assertThat(form.status().completed()).isFalse();
    assertThat(form.scopes()).isEmpty();
    assertThat(form.headers()).isEqualTo(Map.of());
    Job job = new JobRegistry().serializer().resolve(form);
    assertThat(job).isInstanceOf(ShellJob.class);
    assertThat(job.id()).isEqualTo("a");
  }
}
