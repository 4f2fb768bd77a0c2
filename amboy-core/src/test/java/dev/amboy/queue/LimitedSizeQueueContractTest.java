package dev.amboy.queue;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;

@ParameterizedClass(name = "{1} runner, {0} workers")
class LimitedSizeQueueContractTest extends QueueContractTest {

  @Parameter(1)
  LocalRunnerKind runner;

  static Stream<Arguments> workerCounts() {
    return LocalRunnerKind.matrix();
  }

  @Override
  protected Queue newQueue(QueueSettings settings) {
    Queue queue = Queues.limitedSize(LocalQueueContracts.options(settings));
    queue.setRunner(runner.create(settings.workers()));
    return queue;
  }
}
