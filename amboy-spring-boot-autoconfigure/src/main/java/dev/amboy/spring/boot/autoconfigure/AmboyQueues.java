package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Every queue and queue group of the application: all {@link Queue} and {@link QueueGroup} beans by
 * bean name (those of {@code amboy.queues} and {@code amboy.groups} and any the application defines
 * itself), plus the queues the starter's groups create at run time. The lifecycle, the actuator
 * endpoint, the health indicator and the meters all read it.
 *
 * <p>A group's queue is addressed as {@code <group>:<queue>}, which is also its {@link Queue#id()}.
 */
public class AmboyQueues implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(AmboyQueues.class);

  /** Separates a group's name from its queue's name. */
  public static final char GROUP_SEPARATOR = ':';

  private final ListableBeanFactory beanFactory;
  private final Map<String, SortedMap<String, Queue>> groupQueues = new ConcurrentHashMap<>();
  private final List<GroupQueueListener> listeners = new CopyOnWriteArrayList<>();
  private volatile SortedMap<String, Queue> queues;
  private volatile SortedMap<String, QueueGroup> groups;

  public AmboyQueues(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  /** Takes the final list of queue and group beans once every singleton exists. */
  @Override
  public void afterSingletonsInstantiated() {
    queues = findQueues();
    groups = findGroups();
  }

  /** Every queue bean, by bean name. */
  public SortedMap<String, Queue> queues() {
    SortedMap<String, Queue> found = queues;
    return found != null ? found : findQueues();
  }

  /** Every queue group bean, by bean name. */
  public SortedMap<String, QueueGroup> groups() {
    SortedMap<String, QueueGroup> found = groups;
    return found != null ? found : findGroups();
  }

  /**
   * The queues a group of {@code amboy.groups} holds now, by their name within the group; empty for
   * groups the application made itself, whose queues the starter does not see.
   */
  public SortedMap<String, Queue> groupQueues(String group) {
    SortedMap<String, Queue> members = groupQueues.get(group);
    return members == null
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(members));
  }

  /**
   * A queue bean, or an existing queue of a group addressed as {@code <group>:<queue>}. Never
   * creates a group's queue.
   */
  public Optional<Queue> find(String name) {
    Queue queue = queues().get(name);
    if (queue != null) {
      return Optional.of(queue);
    }
    int separator = name.indexOf(GROUP_SEPARATOR);
    if (separator > 0) {
      SortedMap<String, Queue> members = groupQueues.get(name.substring(0, separator));
      if (members != null) {
        return Optional.ofNullable(members.get(name.substring(separator + 1)));
      }
    }
    return Optional.empty();
  }

  /**
   * A queue bean, or a group's queue addressed as {@code <group>:<queue>}, which the group creates
   * when it does not exist yet.
   *
   * @throws IllegalArgumentException naming the known queues and groups when there is no such queue
   *     or group
   */
  public Queue resolve(String name) {
    Queue queue = queues().get(name);
    if (queue != null) {
      return queue;
    }
    int separator = name.indexOf(GROUP_SEPARATOR);
    if (separator > 0) {
      QueueGroup group = groups().get(name.substring(0, separator));
      if (group != null) {
        return group.get(name.substring(separator + 1));
      }
    }
    throw new IllegalArgumentException(
        "there is no queue named '"
            + name
            + "'; queues: "
            + queues().keySet()
            + ", groups: "
            + groups().keySet()
            + " (a group's queue is <group>:<queue>)");
  }

  /** Listens for the queues the starter's groups create and remove. */
  public void addGroupListener(GroupQueueListener listener) {
    listeners.add(listener);
  }

  void groupQueueAdded(String group, String name, Queue queue) {
    groupQueues
        .computeIfAbsent(group, key -> new ConcurrentSkipListMap<>())
        .putIfAbsent(name, queue);
    for (GroupQueueListener listener : listeners) {
      try {
        listener.queueAdded(group, name, queue);
      } catch (RuntimeException e) {
        log.warn("a listener failed on queue '{}' of group '{}'", name, group, e);
      }
    }
  }

  void groupQueueRemoved(String group, String name, Queue queue) {
    SortedMap<String, Queue> members = groupQueues.get(group);
    if (members == null || !members.remove(name, queue)) {
      return;
    }
    for (GroupQueueListener listener : listeners) {
      try {
        listener.queueRemoved(group, name, queue);
      } catch (RuntimeException e) {
        log.warn("a listener failed on removed queue '{}' of group '{}'", name, group, e);
      }
    }
  }

  private SortedMap<String, Queue> findQueues() {
    return Collections.unmodifiableSortedMap(
        new TreeMap<>(beanFactory.getBeansOfType(Queue.class, false, true)));
  }

  private SortedMap<String, QueueGroup> findGroups() {
    return Collections.unmodifiableSortedMap(
        new TreeMap<>(beanFactory.getBeansOfType(QueueGroup.class, false, true)));
  }

  /** Told about the queues the starter's groups create at run time and later remove. */
  public interface GroupQueueListener {

    /** A group created a queue; it has not started yet. */
    void queueAdded(String group, String name, Queue queue);

    /** A group closed a queue and let go of it (it was pruned or the group closed). */
    void queueRemoved(String group, String name, Queue queue);
  }
}
