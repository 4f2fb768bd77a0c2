package dev.amboy.sample.maintenance;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import org.springframework.beans.factory.annotation.Autowired;

/** Records that the scheduler is alive; {@code amboy.operations.heartbeat} puts one regularly. */
@AmboyJob(type = "heartbeat")
public class HeartbeatJob extends AbstractJob {

  @Autowired private Heartbeats heartbeats;

  private String source;

  @Override
  public void run(JobContext context) {
    heartbeats.beat(source);
  }
}
