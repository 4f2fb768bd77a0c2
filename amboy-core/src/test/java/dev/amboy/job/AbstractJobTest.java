package dev.amboy.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobStatus;
import dev.amboy.JobType;
import dev.amboy.LockNotHeldException;
import dev.amboy.dependency.Always;
import dev.amboy.spring.AmboyJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AbstractJobTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  static final class Plain extends AbstractJob {
    Plain(String id) {
      super(id, JobType.of("plain", 1));
    }

    @Override
    public void run(JobContext context) {}
  }

  @AmboyJob(type = "annotated", version = 3)
  static final class Annotated extends AbstractJob {
    @Override
    public void run(JobContext context) {}
  }

  static final class Untyped extends AbstractJob {
    @Override
    public void run(JobContext context) {}
  }

  @Test
  void lockingTakesTheJobAndCountsModifications() {
    Plain job = new Plain("j");
    job.lock("q1", TIMEOUT, T0);
    JobStatus status = job.status();
    assertThat(status.inProgress()).isTrue();
    assertThat(status.owner()).isEqualTo("q1");
    assertThat(status.modificationCount()).isEqualTo(1);
    assertThat(status.modificationTime()).isEqualTo(T0);

    job.lock("q1", TIMEOUT, T0.plusSeconds(1));
    assertThat(job.status().modificationCount()).isEqualTo(2);
  }

  @Test
  void aFreshLockHeldByAnotherOwnerIsRespectedUntilItIsStale() {
    Plain job = new Plain("j");
    job.lock("q1", TIMEOUT, T0);
    assertThatThrownBy(() -> job.lock("q2", TIMEOUT, T0.plus(TIMEOUT).minusSeconds(1)))
        .isInstanceOf(LockNotHeldException.class)
        .hasMessageContaining("q1")
        .hasMessageContaining("q2");

    job.unlock("q2", TIMEOUT, T0.plusSeconds(1));
    assertThat(job.status().owner()).as("unlock by another owner is a no-op").isEqualTo("q1");

    job.lock("q2", TIMEOUT, T0.plus(TIMEOUT).plusSeconds(1));
    assertThat(job.status().owner()).isEqualTo("q2");
    job.unlock("q2", TIMEOUT, T0.plus(TIMEOUT).plusSeconds(2));
    assertThat(job.status().inProgress()).isFalse();
    assertThat(job.status().owner()).isEmpty();
    assertThat(job.status().modificationCount()).isEqualTo(3);
  }

  @Test
  void errorsAccumulateAndNullIsIgnored() {
    Plain job = new Plain("j");
    job.addError((String) null);
    job.addError("first");
    job.addError(new IllegalStateException("second"));
    job.addError(new RuntimeException());
    assertThat(job.errors())
        .containsExactly(
            "first", "java.lang.IllegalStateException: second", "java.lang.RuntimeException");
    assertThat(job.status().errorCount()).isEqualTo(3);
    assertThat(job.status().hasErrors()).isTrue();
  }

  @Test
  void setStatusReplacesTheState() {
    Plain job = new Plain("j");
    job.setStatus(new JobStatus("o", true, false, true, T0, 9, List.of("e")));
    JobStatus status = job.status();
    assertThat(status.completed()).isTrue();
    assertThat(status.canceled()).isTrue();
    assertThat(status.modificationCount()).isEqualTo(9);
    assertThat(job.errors()).containsExactly("e");
  }

  @Test
  void scopesAreSortedAndEmptyClearsThem() {
    Plain job = new Plain("j");
    job.setScopes(Set.of("b", "a", "c"));
    assertThat(job.scopes()).containsExactly("a", "b", "c");
    job.setScopes(Set.of());
    assertThat(job.scopes()).isEmpty();
    job.setScopes(null);
    assertThat(job.scopes()).isEmpty();
  }

  @Test
  void theDefaultDependencyIsAlwaysReady() {
    assertThat(new Plain("j").dependency()).isInstanceOf(Always.class);
  }

  @Test
  void theTypeComesFromTheAnnotationAndTheIdIsGenerated() {
    Annotated job = new Annotated();
    assertThat(job.type()).isEqualTo(JobType.of("annotated", 3));
    assertThat(job.id()).startsWith("annotated-");
    assertThat(new Annotated().id()).isNotEqualTo(job.id());
  }

  @Test
  void aJobWithoutTypeSaysHowToGiveItOne() {
    assertThatThrownBy(() -> new Untyped().type())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Untyped.class.getName())
        .hasMessageContaining("@AmboyJob");
  }

  @Test
  void lambdaJobsAreLocalOnly() throws Exception {
    int[] ran = new int[1];
    Job job = Jobs.of("resize-42", ctx -> ran[0]++);
    assertThat(job.id()).isEqualTo("resize-42");
    assertThat(job.type().isLocalOnly()).isTrue();
    assertThat(Jobs.isLambda(job)).isTrue();
    job.run(null);
    assertThat(ran[0]).isEqualTo(1);
    assertThat(Jobs.of(ctx -> {}).id()).startsWith("lambda-");
  }
}
