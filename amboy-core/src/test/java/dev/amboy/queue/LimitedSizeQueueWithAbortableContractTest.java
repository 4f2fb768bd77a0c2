package dev.amboy.queue;

import dev.amboy.Queue;
import dev.amboy.contract.QueueContractTest;
import dev.amboy.pool.Runners;

class LimitedSizeQueueWithAbortableContractTest extends QueueContractTest {

  @Override
  protected Queue newQueue(QueueSettings settings) {
    Queue queue = Queues.limitedSize(LocalQueueContracts.options(settings));
    queue.setRunner(Runners.abortable(settings.workers()));
    return queue;
  }
}
