package dev.amboy.sample.pipeline;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Step 1 of a pipeline: takes the raw words, trimmed and lower-cased, blanks dropped. */
@AmboyJob(type = "pipeline-fetch")
public class FetchJob extends AbstractJob {

  private List<String> source = new ArrayList<>();
  private List<String> words;

  @Override
  public void run(JobContext context) {
    List<String> fetched = new ArrayList<>();
    for (String word : source) {
      String clean = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
      if (!clean.isEmpty()) {
        fetched.add(clean);
      }
    }
    words = fetched;
  }

  public List<String> words() {
    return words;
  }
}
