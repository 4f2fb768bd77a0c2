package dev.amboy.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.Amboy;
import dev.amboy.JobTimeInfo;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.dependency.DependencyState;
import dev.amboy.registry.JobRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellJobTest {

  @TempDir Path dir;

  @Test
  void runsTheCommandAndKeepsItsOutput() {
    ShellJob job = new ShellJob("echo hello amboy");
    assertThat(job.id()).matches("shell-job-\\d+-echo");
    assertThat(Amboy.runJob(job)).isEmpty();
    assertThat(job.output()).isEqualTo("hello amboy");
    assertThat(job.exitStatus()).isZero();
    assertThat(job.status().completed()).isTrue();
    assertThat(job.timeInfo().end()).isAfterOrEqualTo(job.timeInfo().start());
  }

  @Test
  void usesTheWorkingDirectoryAndEnvironment() {
    ShellJob job =
        new ShellJob(List.of("sh", "-c", "echo $GREETING; pwd"), "")
            .workingDirectory(dir.toString())
            .environment("GREETING", "hi");
    assertThat(Amboy.runJob(job)).isEmpty();
    assertThat(job.output()).isEqualTo("hi\n" + dir.toAbsolutePath());
  }

  @Test
  void aNonZeroExitIsAnErrorWithTheOutput() {
    ShellJob job = new ShellJob(List.of("sh", "-c", "echo broken >&2; exit 3"), "");
    List<String> errors = Amboy.runJob(job);
    assertThat(errors)
        .singleElement()
        .asString()
        .contains("exited with status 3")
        .contains("broken");
    assertThat(job.exitStatus()).isEqualTo(3);
  }

  @Test
  void aMissingProgramIsAnError() {
    ShellJob job = new ShellJob("definitely-not-a-program-amboy");
    assertThat(Amboy.runJob(job)).singleElement().asString().contains("IOException");
  }

  @Test
  void maxTimeKillsTheProcess() {
    ShellJob job = new ShellJob("sleep 30");
    job.updateTimeInfo(JobTimeInfo.empty().withMaxTime(Duration.ofMillis(200)));
    long start = System.nanoTime();
    List<String> errors = Amboy.runJob(job);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(errors).containsExactly("exceeded max time of PT0.2S");
  }

  @Test
  void aCreatesFileDependencyPassesOnceTheFileExists() throws Exception {
    Path made = dir.resolve("made.txt");
    ShellJob job = new ShellJob("touch " + made, made.toString());
    assertThat(job.dependency()).isInstanceOf(CreatesFile.class);
    assertThat(job.dependency().state()).isEqualTo(DependencyState.READY);
    Amboy.runJob(job);
    assertThat(Files.exists(made)).isTrue();
    assertThat(job.dependency().state()).isEqualTo(DependencyState.PASSED);
  }

  @Test
  void survivesASerializationRoundTrip() {
    JobRegistry registry = new JobRegistry();
    ShellJob job = new ShellJob("echo stored").environment("A", "1").workingDirectory("/tmp");
    Amboy.runJob(job);
    ShellJob copy = (ShellJob) registry.serializer().fromJson(registry.serializer().toJson(job));
    assertThat(copy.command()).containsExactly("echo", "stored");
    assertThat(copy.environment()).containsEntry("A", "1");
    assertThat(copy.workingDirectory()).isEqualTo("/tmp");
    assertThat(copy.output()).isEqualTo("stored");
    assertThat(copy.status().completed()).isTrue();
  }
}
