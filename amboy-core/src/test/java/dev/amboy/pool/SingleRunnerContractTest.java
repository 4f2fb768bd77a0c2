package dev.amboy.pool;

import dev.amboy.Runner;
import dev.amboy.contract.RunnerContractTest;
import java.time.Duration;
import java.util.stream.Stream;

class SingleRunnerContractTest extends RunnerContractTest {

  static Stream<Integer> workerCounts() {
    return Stream.of(1);
  }

  @Override
  protected Runner newRunner(int workers) {
    return Runners.single();
  }

  @Override
  protected Runner newIdleRunner(int workers, Duration idleTimeout) {
    return Runners.single(RunnerOptions.builder().workers(1).idleTimeout(idleTimeout).build());
  }
}
