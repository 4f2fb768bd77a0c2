package dev.amboy.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.queue.Queues;
import dev.amboy.registry.JobRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobGroupTest {

  @TempDir Path dir;

  private final JobRegistry registry = new JobRegistry();

  @Test
  void runsItsSubJobsAndStoresTheirResults() throws Exception {
    Path exists = dir.resolve("exists");
    Files.writeString(exists, "");
    JobGroup group =
        new JobGroup("build", registry.serializer())
            .add(new ShellJob("echo one"))
            .add(new ShellJob(List.of("sh", "-c", "exit 2"), ""))
            .add(new ShellJob("touch " + exists, exists.toString()));

    Queue queue = Queues.limitedSize("groups", 1, 10);
    queue.put(group);
    queue.start();
    assertThat(Amboy.waitJob(queue, "build", Duration.ofSeconds(30))).isTrue();
    queue.close();

    Job done = queue.get("build").orElseThrow();
    assertThat(done.errors()).singleElement().asString().contains("1 of 2 sub-jobs failed");
    Map<String, ShellJob> results =
        ((JobGroup) done)
            .jobs().stream()
                .map(ShellJob.class::cast)
                .collect(Collectors.toMap(ShellJob::output, Function.identity(), (a, b) -> a));
    assertThat(results.get("one").status().completed()).isTrue();
    assertThat(results.get("one").errors()).isEmpty();
    List<Job> all = ((JobGroup) done).jobs();
    assertThat(all).hasSize(3);
    assertThat(all.get(1).errors()).singleElement().asString().contains("status 2");
    assertThat(all.get(2).status().completed()).as("passed sub-job did not run").isFalse();
  }

  @Test
  void rejectsDuplicateSubJobsAndSurvivesStorage() {
    ShellJob echo = new ShellJob("echo x");
    JobGroup group = new JobGroup("g", registry.serializer()).add(echo);
    assertThatThrownBy(() -> group.add(echo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(echo.id());
    JobGroup copy = (JobGroup) registry.serializer().fromJson(registry.serializer().toJson(group));
    assertThat(copy.jobs()).singleElement().extracting(Job::id).isEqualTo(echo.id());
    assertThat(Amboy.runJob(copy)).isEmpty();
    assertThat(((ShellJob) copy.jobs().get(0)).output()).isEqualTo("x");
  }

  @Test
  void aGroupRunsOnlyOnce() {
    JobGroup group = new JobGroup("once", registry.serializer()).add(new ShellJob("true"));
    assertThat(Amboy.runJob(group)).isEmpty();
    assertThat(Amboy.runJob(group)).singleElement().asString().contains("already run");
  }
}
