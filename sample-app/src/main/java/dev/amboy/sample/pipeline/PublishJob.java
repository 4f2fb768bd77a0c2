package dev.amboy.sample.pipeline;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import dev.amboy.spring.boot.autoconfigure.AmboyTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** Step 3: publishes the transformed words as one headline. */
@AmboyJob(type = "pipeline-publish")
public class PublishJob extends AbstractJob {

  @Autowired private AmboyTemplate amboy;
  @Autowired private Publisher publisher;

  private String transformJob;
  private String headline;

  @Override
  public void run(JobContext context) {
    TransformJob transform =
        (TransformJob) amboy.get(PipelineController.QUEUE, transformJob).orElseThrow();
    headline = String.join(" · ", transform.words());
    publisher.publish(id(), headline);
  }

  public String headline() {
    return headline;
  }
}
