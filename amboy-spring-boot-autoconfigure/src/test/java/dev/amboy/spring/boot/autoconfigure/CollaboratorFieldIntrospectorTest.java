package dev.amboy.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.json.JsonMapper;

/** Injected fields are collaborators and never part of a job's stored payload. */
class CollaboratorFieldIntrospectorTest {

  private final JsonMapper mapper = CollaboratorFieldIntrospector.jobMapper();

  /** A service a job uses. */
  static final class Service {
    @Override
    public String toString() {
      return "service";
    }
  }

  @AmboyJob(type = "collaborators")
  static final class CollaboratorJob extends AbstractJob {
    private final Service constructorInjected;
    @Autowired private Service autowired;

    @Value("${greeting:hi}")
    private String configured;

    @Inject private Service injected;
    @Resource private Service resource;
    private Service setterInjected;

    private String payload = "data";
    private final List<String> tags = new ArrayList<>(List.of("a"));

    CollaboratorJob(Service service) {
      this.constructorInjected = service;
      this.autowired = service;
      this.configured = "configured";
      this.injected = service;
      this.resource = service;
      this.setterInjected = service;
    }

    @Autowired
    void setSetterInjected(Service service) {
      this.setterInjected = service;
    }

    @Override
    public void run(JobContext context) {}
  }

  @Test
  void injectedFieldsAreNotWrittenAndPayloadFieldsAre() {
    Map<String, Object> written =
        mapper.convertValue(
            new CollaboratorJob(new Service()),
            mapper.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    assertThat(written).containsOnlyKeys("payload", "tags");
    assertThat(written.get("payload")).isEqualTo("data");
    assertThat(written.get("tags")).isEqualTo(List.of("a"));
  }

  @Test
  void injectedFieldsAreNotReadEither() {
    Service service = new Service();
    CollaboratorJob job = new CollaboratorJob(service);
    mapper
        .readerForUpdating(job)
        .readValue(
            "{\"payload\":\"new\",\"configured\":\"from json\",\"autowired\":null,"
                + "\"constructorInjected\":null}");
    assertThat(job.payload).isEqualTo("new");
    assertThat(job.configured).isEqualTo("configured");
    assertThat(job.autowired).isSameAs(service);
    assertThat(job.constructorInjected).isSameAs(service);
  }

  /** Not a job: a final field stays an ordinary property of a payload value. */
  record Money(String currency, long cents) {}

  static final class Holder {
    private final String fixed;

    Holder(String fixed) {
      this.fixed = fixed;
    }
  }

  @Test
  void finalFieldsOfOtherClassesArePayload() throws Exception {
    assertThat(CollaboratorFieldIntrospector.isCollaborator(Holder.class.getDeclaredField("fixed")))
        .isFalse();
    assertThat(mapper.writeValueAsString(new Holder("x"))).isEqualTo("{\"fixed\":\"x\"}");
  }

  @AmboyJob(type = "two-constructors")
  static final class TwoConstructorsJob extends AbstractJob {
    private final String label;

    TwoConstructorsJob() {
      this("default");
    }

    TwoConstructorsJob(String label) {
      this.label = label;
    }

    @Override
    public void run(JobContext context) {}
  }

  @Test
  void aFinalFieldIsACollaboratorOnlyWhenTheInjectionConstructorTakesItsType() throws Exception {
    assertThat(
            CollaboratorFieldIntrospector.isCollaborator(
                TwoConstructorsJob.class.getDeclaredField("label")))
        .as("two constructors and none marked: Spring uses the default one, nothing is injected")
        .isFalse();
    assertThat(
            CollaboratorFieldIntrospector.isCollaborator(
                CollaboratorJob.class.getDeclaredField("constructorInjected")))
        .isTrue();
    assertThat(
            CollaboratorFieldIntrospector.isCollaborator(
                CollaboratorJob.class.getDeclaredField("tags")))
        .isFalse();
  }
}
