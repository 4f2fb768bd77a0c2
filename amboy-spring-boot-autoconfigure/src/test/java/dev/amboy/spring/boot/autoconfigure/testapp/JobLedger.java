package dev.amboy.spring.boot.autoconfigure.testapp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what jobs did, for tests to read. */
public class JobLedger {

  private final List<String> entries = new CopyOnWriteArrayList<>();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();

  public void record(String entry) {
    entries.add(entry);
    threads.put(entry, Thread.currentThread());
  }

  public List<String> entries() {
    return List.copyOf(entries);
  }

  public Thread threadOf(String entry) {
    return threads.get(entry);
  }
}
