package dev.amboy.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.AbortableRunner;
import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobOutcome;
import dev.amboy.Queue;
import org.junit.jupiter.api.Test;

/** What an {@link AbortableRunner} adds to the runner contract. */
public abstract class AbortableRunnerContractTest extends RunnerContractTest {

  @Test
  void abortingOneJobCompletesItWithAnAbortedErrorAndInterruptsIt() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = startedQueue();
    AbortableRunner runner = (AbortableRunner) queue.runner();
    queue.put(new ContractJob("victim", ledger).waitForGate());
    await().atMost(WAIT).until(() -> runner.isRunning("victim"));
    assertThat(runner.runningJobs()).contains("victim");

    assertThat(runner.abort("victim")).isTrue();

    assertThat(Amboy.waitJob(queue, "victim", WAIT)).isTrue();
    Job victim = queue.get("victim").orElseThrow();
    assertThat(victim.status().completed()).isTrue();
    assertThat(victim.errors()).containsExactly(AbortableRunner.ABORTED_ERROR);
    assertThat(JobOutcome.of(victim)).isEqualTo(JobOutcome.ABORTED);
    assertThat(ledger.wasInterrupted("victim")).isTrue();
    assertThat(runner.isRunning("victim")).isFalse();
    assertThat(runner.abort("victim")).isFalse();
    assertThat(runner.abort("never-existed")).isFalse();

    queue.put(new ContractJob("survivor", ledger));
    assertThat(Amboy.waitJob(queue, "survivor", WAIT)).isTrue();
    assertThat(queue.get("survivor").orElseThrow().errors()).isEmpty();
  }

  @Test
  void abortAllAbortsEveryRunningJob() throws Exception {
    Ledger ledger = Ledger.create();
    Queue queue = startedQueue();
    AbortableRunner runner = (AbortableRunner) queue.runner();
    for (int i = 0; i < workers; i++) {
      queue.put(new ContractJob("running-" + i, ledger).waitForGate());
    }
    await().atMost(WAIT).until(() -> runner.runningJobs().size() == workers);

    assertThat(runner.abortAll()).isEqualTo(workers);

    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    for (int i = 0; i < workers; i++) {
      Job job = queue.get("running-" + i).orElseThrow();
      assertThat(job.errors()).containsExactly(AbortableRunner.ABORTED_ERROR);
      assertThat(ledger.wasInterrupted(job.id())).isTrue();
    }
    assertThat(runner.runningJobs()).isEmpty();
  }
}
