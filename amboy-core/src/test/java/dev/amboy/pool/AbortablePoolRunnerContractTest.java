package dev.amboy.pool;

import dev.amboy.Runner;
import dev.amboy.contract.AbortableRunnerContractTest;
import java.time.Duration;

class AbortablePoolRunnerContractTest extends AbortableRunnerContractTest {

  @Override
  protected Runner newRunner(int workers) {
    return Runners.abortable(workers);
  }

  @Override
  protected Runner newIdleRunner(int workers, Duration idleTimeout) {
    return Runners.abortable(
        RunnerOptions.builder().workers(workers).idleTimeout(idleTimeout).build());
  }
}
