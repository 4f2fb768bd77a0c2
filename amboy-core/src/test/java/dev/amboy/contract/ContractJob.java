package dev.amboy.contract;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.job.AbstractJob;
import dev.amboy.registry.JobRegistry;
import java.util.Set;

/**
 * A job for contract tests whose behaviour is all in its payload, so that it behaves the same after
 * a trip through storage: it reports to a {@link Ledger}, optionally waits on the ledger's gate,
 * sleeps, and fails with a message.
 */
public final class ContractJob extends AbstractJob {

  public static final JobType TYPE = JobType.of("contract-job", 1);

  private String ledger;
  private long sleepMillis;
  private boolean waitForGate;
  private String failWith;
  private String note;
  private int failAttempts;
  private long retryLaterMillis = -1;

  /** For the registry. */
  public ContractJob() {
    super(TYPE);
  }

  public ContractJob(String id, Ledger ledger) {
    super(id, TYPE);
    this.ledger = ledger.name();
  }

  /** Registers the type; the contract suites' registries need it to store these jobs. */
  public static JobRegistry register(JobRegistry registry) {
    if (!registry.isRegistered(TYPE)) {
      registry.register(TYPE, ContractJob::new);
    }
    return registry;
  }

  public ContractJob sleep(long millis) {
    this.sleepMillis = millis;
    return this;
  }

  public ContractJob waitForGate() {
    this.waitForGate = true;
    return this;
  }

  public ContractJob failWith(String message) {
    this.failWith = message;
    return this;
  }

  /** Fails the first {@code attempts} attempts with "attempt N failed". */
  public ContractJob failFirstAttempts(int attempts) {
    this.failAttempts = attempts;
    return this;
  }

  /** Asks for a retry after {@code millis} on the first attempt. */
  public ContractJob retryLaterOnFirstAttempt(long millis) {
    this.retryLaterMillis = millis;
    return this;
  }

  public ContractJob note(String value) {
    this.note = value;
    return this;
  }

  public ContractJob scopes(String... names) {
    setScopes(Set.of(names));
    return this;
  }

  public String note() {
    return note;
  }

  public long sleepMillis() {
    return sleepMillis;
  }

  @Override
  public void run(JobContext context) throws Exception {
    Ledger target = Ledger.get(ledger);
    Set<String> scopes = scopes();
    target.begin(id(), scopes);
    boolean finished = false;
    try {
      if (waitForGate) {
        target.awaitGate();
      }
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
      finished = true;
    } catch (InterruptedException e) {
      target.interrupted(id());
      throw e;
    } finally {
      target.end(id(), scopes, finished);
    }
    if (failWith != null) {
      throw new IllegalStateException(failWith);
    }
    if (context.attempt() <= failAttempts) {
      throw new IllegalStateException("attempt " + context.attempt() + " failed");
    }
    if (retryLaterMillis >= 0 && context.attempt() == 1) {
      context.retryLater(java.time.Duration.ofMillis(retryLaterMillis), "not yet");
    }
  }
}
