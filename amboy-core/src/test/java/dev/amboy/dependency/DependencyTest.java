package dev.amboy.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DependencyTest {

  @TempDir Path dir;

  @Test
  void alwaysIsReady() {
    assertThat(new Always().state()).isEqualTo(DependencyState.READY);
    assertThat(new Always().type()).isEqualTo(new DependencyType("always", 0));
  }

  @Test
  void createsFileIsPassedOnceTheFileExists() throws IOException {
    Path target = dir.resolve("out.txt");
    CreatesFile dependency = new CreatesFile(target.toString());
    assertThat(dependency.state()).isEqualTo(DependencyState.READY);
    Files.writeString(target, "done");
    assertThat(dependency.state()).isEqualTo(DependencyState.PASSED);
    assertThat(new CreatesFile("").state()).isEqualTo(DependencyState.READY);
  }

  @Test
  void localFileBehavesLikeMake() throws IOException {
    Path source = dir.resolve("a.c");
    Path target = dir.resolve("a.o");
    LocalFile dependency = LocalFile.of(target.toString(), source.toString());
    Files.writeString(source, "int main;");
    assertThat(dependency.state()).as("target missing").isEqualTo(DependencyState.READY);

    Files.writeString(target, "obj");
    Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    Files.setLastModifiedTime(target, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));
    assertThat(dependency.state()).as("target newer").isEqualTo(DependencyState.PASSED);

    Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2024-01-03T00:00:00Z")));
    assertThat(dependency.state()).as("source newer").isEqualTo(DependencyState.READY);

    LocalFile missingSource = LocalFile.of(target.toString(), dir.resolve("nope").toString());
    assertThat(missingSource.state()).isEqualTo(DependencyState.PASSED);
    assertThat(new LocalFile(List.of(), List.of()).state()).isEqualTo(DependencyState.READY);
  }

  @Test
  void checkDependencyAsksTheNamedCheckAndIsUnresolvedWithoutIt() {
    CheckRegistry checks = new CheckRegistry();
    CheckDependency dependency = new CheckDependency(checks, "db-ready");
    dependency.addEdge("migrate");
    assertThat(dependency.state()).isEqualTo(DependencyState.UNRESOLVED);

    checks.register(
        "db-ready",
        edges -> edges.contains("migrate") ? DependencyState.BLOCKED : DependencyState.READY);
    assertThat(dependency.state()).isEqualTo(DependencyState.BLOCKED);
    assertThat(checks.names()).containsExactly("db-ready");
    assertThatThrownBy(() -> checks.register("db-ready", edges -> DependencyState.READY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("db-ready");
  }

  @Test
  void edgesRejectDuplicatesAndBlanks() {
    JobEdges edges = new JobEdges(List.of("a"));
    edges.add("b");
    assertThat(edges.list()).containsExactly("a", "b");
    assertThatThrownBy(() -> edges.add("a")).hasMessageContaining("'a' already exists");
    assertThatThrownBy(() -> edges.add(" ")).hasMessageContaining("non-blank");
    assertThat(edges.contains("b")).isTrue();
    assertThat(edges.size()).isEqualTo(2);
  }

  @Test
  void edgesAreSafeToAddFromManyThreads() throws InterruptedException {
    Always dependency = new Always();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      pool.submit(
          () -> {
            for (int i = 0; i < 500; i++) {
              dependency.addEdge("t" + thread + "-" + i);
              dependency.edges();
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dependency.edges()).hasSize(2000).doesNotHaveDuplicates();
  }
}
