package dev.amboy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows exactly the sample app's application.yml. */
class ReadmeConfigurationTest {

  private static final String MARKER =
      "This is the sample app's `src/main/resources/application.yml`";

  @Test
  void theReadmeShowsTheSampleAppsConfiguration() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String configuration = Files.readString(Path.of("src", "main", "resources", "application.yml"));
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("the README's configuration section").isNotNegative();
    int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
    int end = readme.indexOf("```\n", start);
    assertThat(readme.substring(start, end)).isEqualTo(configuration);
  }
}
