package dev.amboy.pool;

import dev.amboy.Runner;
import dev.amboy.contract.AbortableRunnerContractTest;
import java.time.Duration;

class RateLimitedRunnerContractTest extends AbortableRunnerContractTest {

  @Override
  protected Runner newRunner(int workers) {
    return Runners.rateLimited(RunnerOptions.ofWorkers(workers), Duration.ofMillis(1));
  }

  @Override
  protected Runner newIdleRunner(int workers, Duration idleTimeout) {
    return Runners.rateLimited(
        RunnerOptions.builder().workers(workers).idleTimeout(idleTimeout).build(),
        Duration.ofMillis(1));
  }
}
