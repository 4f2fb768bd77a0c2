package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Queue;

/**
 * Adjusts every queue the starter creates, before it starts: the queues of {@code amboy.queues} and
 * each queue a group of {@code amboy.groups} creates later. Add listeners or interceptors here, or
 * replace the runner. Customizer beans run in their {@code @Order}.
 */
@FunctionalInterface
public interface AmboyQueueCustomizer {

  /**
   * @param queue a new, unstarted queue; its {@link Queue#id()} is its name, or {@code
   *     <group>:<name>} for a group's queue
   */
  void customize(Queue queue);
}
