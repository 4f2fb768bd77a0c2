package dev.amboy.queue;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;
import dev.amboy.pool.Runners;

class LimitedSizeQueueWithPoolContractTest extends QueueContractTest {

  @Override
  protected Queue newQueue(QueueSettings settings) {
    Queue queue = Queues.limitedSize(LocalQueueContracts.options(settings));
    queue.setRunner(Runners.pool(settings.workers()));
    return queue;
  }
}
