package dev.amboy.queue;

import dev.amboy.contract.QueueContractTest.QueueSettings;

/** Turns contract-suite settings into local queue options. */
final class LocalQueueContracts {

  private LocalQueueContracts() {}

  static LocalQueueOptions options(QueueSettings settings) {
    return LocalQueueOptions.builder(settings.name())
        .workers(settings.workers())
        .capacity(settings.capacity())
        .lockTimeout(settings.lockTimeout())
        .build();
  }
}
