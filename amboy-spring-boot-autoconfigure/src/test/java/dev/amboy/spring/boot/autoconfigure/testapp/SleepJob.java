package dev.amboy.spring.boot.autoconfigure.testapp;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import jakarta.annotation.Resource;

/** Sleeps for its payload's millis, interruptibly; records its start in the ledger. */
@AmboyJob(type = "sleep")
public class SleepJob extends AbstractJob {

  @Resource private JobLedger ledger;

  private long millis;

  @Override
  public void run(JobContext context) throws InterruptedException {
    ledger.record("started " + id());
    Thread.sleep(millis);
    ledger.record("finished " + id());
  }
}
