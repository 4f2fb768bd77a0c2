package dev.amboy.pool;

import dev.amboy.Runner;
import dev.amboy.contract.AbortableRunnerContractTest;
import java.time.Duration;

class MovingAverageRunnerContractTest extends AbortableRunnerContractTest {

  @Override
  protected Runner newRunner(int workers) {
    return Runners.movingAverage(
        RunnerOptions.ofWorkers(workers), 1_000_000, Duration.ofSeconds(1));
  }

  @Override
  protected Runner newIdleRunner(int workers, Duration idleTimeout) {
    return Runners.movingAverage(
        RunnerOptions.builder().workers(workers).idleTimeout(idleTimeout).build(),
        1_000_000,
        Duration.ofSeconds(1));
  }
}
