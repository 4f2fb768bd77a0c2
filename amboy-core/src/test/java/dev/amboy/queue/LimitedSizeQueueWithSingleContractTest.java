package dev.amboy.queue;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;
import dev.amboy.pool.Runners;
import java.util.stream.Stream;

class LimitedSizeQueueWithSingleContractTest extends QueueContractTest {

  static Stream<Integer> workerCounts() {
    return Stream.of(1);
  }

  @Override
  protected Queue newQueue(QueueSettings settings) {
    Queue queue = Queues.limitedSize(LocalQueueContracts.options(settings));
    queue.setRunner(Runners.single());
    return queue;
  }
}
