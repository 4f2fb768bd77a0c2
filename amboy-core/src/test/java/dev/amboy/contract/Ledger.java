package dev.amboy.contract;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link ContractJob}s did, shared by name so that jobs rebuilt from storage report into the
 * same ledger: how often each job ran, how many ran at once (overall and per scope), which were
 * interrupted, which threads ran them, and a gate that blocking jobs wait on.
 */
public final class Ledger {

  private static final Map<String, Ledger> LEDGERS = new ConcurrentHashMap<>();
  private static final AtomicLong NAMES = new AtomicLong();

  private final String name;
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> scopeConcurrency = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> scopeMaxConcurrency = new ConcurrentHashMap<>();
  private final AtomicInteger concurrency = new AtomicInteger();
  private final AtomicInteger maxConcurrency = new AtomicInteger();
  private final Set<String> interrupted = ConcurrentHashMap.newKeySet();
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final Map<String, String> threads = new ConcurrentHashMap<>();
  private final CountDownLatch gate = new CountDownLatch(1);

  private Ledger(String name) {
    this.name = name;
  }

  public static Ledger create() {
    String name = "ledger-" + NAMES.incrementAndGet();
    Ledger ledger = new Ledger(name);
    LEDGERS.put(name, ledger);
    return ledger;
  }

  public static Ledger get(String name) {
    Ledger ledger = LEDGERS.get(name);
    if (ledger == null) {
      throw new IllegalStateException("no ledger named " + name);
    }
    return ledger;
  }

  public String name() {
    return name;
  }

  void begin(String jobId, Set<String> scopes) {
    started.add(jobId);
    threads.put(jobId, Thread.currentThread().getName());
    maxConcurrency.accumulateAndGet(concurrency.incrementAndGet(), Math::max);
    for (String scope : scopes) {
      int now = scopeConcurrency.computeIfAbsent(scope, k -> new AtomicInteger()).incrementAndGet();
      scopeMaxConcurrency
          .computeIfAbsent(scope, k -> new AtomicInteger())
          .accumulateAndGet(now, Math::max);
    }
  }

  void end(String jobId, Set<String> scopes, boolean completedWork) {
    for (String scope : scopes) {
      scopeConcurrency.get(scope).decrementAndGet();
    }
    concurrency.decrementAndGet();
    if (completedWork) {
      runs.computeIfAbsent(jobId, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  void interrupted(String jobId) {
    interrupted.add(jobId);
  }

  void awaitGate() throws InterruptedException {
    gate.await();
  }

  /** Lets every job blocked on the gate go on. */
  public void openGate() {
    gate.countDown();
  }

  /** How many times the job's work ran to the end. */
  public int runs(String jobId) {
    AtomicInteger count = runs.get(jobId);
    return count == null ? 0 : count.get();
  }

  public Map<String, Integer> allRuns() {
    Map<String, Integer> copy = new ConcurrentHashMap<>();
    runs.forEach((id, count) -> copy.put(id, count.get()));
    return copy;
  }

  public boolean started(String jobId) {
    return started.contains(jobId);
  }

  public int startedCount() {
    return started.size();
  }

  public boolean wasInterrupted(String jobId) {
    return interrupted.contains(jobId);
  }

  public int running() {
    return concurrency.get();
  }

  public int maxConcurrency() {
    return maxConcurrency.get();
  }

  public int maxConcurrency(String scope) {
    AtomicInteger max = scopeMaxConcurrency.get(scope);
    return max == null ? 0 : max.get();
  }

  public String thread(String jobId) {
    return threads.get(jobId);
  }
}
