package dev.amboy.spring.boot.autoconfigure.testapp;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import org.springframework.beans.factory.annotation.Autowired;

/** A job with a constructor-injected collaborator, a field-injected one and a payload. */
@AmboyJob(type = "greet", version = 2)
public class GreetJob extends AbstractJob {

  private final Greeter greeter;
  @Autowired private JobLedger ledger;

  private String name;
  private String greeting;

  public GreetJob(Greeter greeter) {
    this.greeter = greeter;
  }

  @Override
  public void run(JobContext context) {
    greeting = greeter.greet(name);
    ledger.record(greeting);
  }

  public String name() {
    return name;
  }

  public String greeting() {
    return greeting;
  }

  public Greeter greeter() {
    return greeter;
  }

  public JobLedger ledger() {
    return ledger;
  }
}
