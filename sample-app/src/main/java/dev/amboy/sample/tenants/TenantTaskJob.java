package dev.amboy.sample.tenants;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import org.springframework.beans.factory.annotation.Autowired;

/** A unit of one tenant's work, run on that tenant's own queue. */
@AmboyJob(type = "tenant-task")
public class TenantTaskJob extends AbstractJob {

  @Autowired private TenantStats stats;

  private String tenant;
  private String task;
  private long completedForTenant;

  @Override
  public void run(JobContext context) {
    completedForTenant = stats.recordDone(tenant);
  }

  public String task() {
    return task;
  }

  public long completedForTenant() {
    return completedForTenant;
  }
}
