package dev.amboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's quick start compiled, working and identical to this directory's source. */
class QuickStartTest {

  private static final String BEGIN = "// README quick start: begin\n";
  private static final String END = "// README quick start: end";

  @Test
  void theQuickStartRuns() throws Exception {
    assertThat(QuickStart.run()).isEqualTo("hello, ada");
  }

  @Test
  void theReadmeShowsExactlyThisSource() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/amboy/examples/QuickStart.java"));
    String snippet =
        source.substring(source.indexOf(BEGIN) + BEGIN.length(), source.indexOf(END)).strip();
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).contains("```java\n" + snippet + "\n```");
  }
}
