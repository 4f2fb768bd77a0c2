package dev.amboy.queue;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.contract.QueueGroupContractTest;

class LocalQueueGroupContractTest extends QueueGroupContractTest {

  @Override
  protected QueueGroup newGroup(GroupSettings settings) {
    return Queues.localGroup(
        LocalQueueGroupOptions.builder(settings.name())
            .template(LocalQueueOptions.builder("template").workers(settings.workers()).build())
            .ttl(settings.ttl())
            .pruneFrequency(settings.pruneFrequency())
            .build());
  }

  @Override
  protected Queue newStandaloneQueue(String name) {
    return Queues.limitedSize(name, 1, 100);
  }
}
