package dev.amboy.sample.pipeline;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Step 2: reads the fetch step's words from the queue (the ordered queue only starts it once that
 * step has completed) and sorts them, capitalized and without duplicates.
 */
@AmboyJob(type = "pipeline-transform")
public class TransformJob extends AbstractJob {

  @Autowired private AmboyTemplate amboy;

  private String fetchJob;
  private List<String> words;

  @Override
  public void run(JobContext context) {
    FetchJob fetch = (FetchJob) amboy.get(PipelineController.QUEUE, fetchJob).orElseThrow();
    words =
        fetch.words().stream()
            .distinct()
            .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
            .sorted()
            .toList();
  }

  public List<String> words() {
    return words;
  }
}
