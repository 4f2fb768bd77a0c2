package dev.amboy.pool;

import dev.amboy.Runner;
import dev.amboy.contract.RunnerContractTest;
import java.time.Duration;

class PoolRunnerContractTest extends RunnerContractTest {

  @Override
  protected Runner newRunner(int workers) {
    return Runners.pool(workers);
  }

  @Override
  protected Runner newIdleRunner(int workers, Duration idleTimeout) {
    return Runners.pool(RunnerOptions.builder().workers(workers).idleTimeout(idleTimeout).build());
  }
}
