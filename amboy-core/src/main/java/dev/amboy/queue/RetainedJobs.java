package dev.amboy.queue;

import dev.amboy.Job;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent completed jobs of a local queue, at most {@code capacity} of them: a ring of
 * slots that a completion overwrites in turn. Workers completing under the shared lock add to it
 * concurrently; each add is one counter increment and one slot swap, with no node to allocate and
 * no size to keep, because the completion is on every job's path. The slots come in chunks created
 * on first use, so a queue that completes few jobs does not hold a ring of its full capacity.
 *
 * <p>Two adds whose turns are {@code capacity} apart may swap their slot in either order when one
 * is delayed that long; the slot then keeps the older job and the newer one is evicted early. A job
 * is displaced from its slot at most once, and every job displaced is handed back, so none stays in
 * the queue's id map for good. {@link #remove} and {@link #replace} scan the ring and need the
 * queue's exclusive lock.
 */
final class RetainedJobs {

  private static final int CHUNK_SHIFT = 10;
  private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;

  private final int capacity;
  private final AtomicReferenceArray<AtomicReferenceArray<Job>> chunks;
  private final AtomicLong turns = new AtomicLong();

  RetainedJobs(int capacity) {
    this.capacity = capacity;
    this.chunks = new AtomicReferenceArray<>((capacity + CHUNK_SIZE - 1) >>> CHUNK_SHIFT);
  }

  /**
   * Keeps a completed job in the next slot.
   *
   * @return the job it displaced, the oldest kept, or {@code null} while the ring fills
   */
  Job add(Job job) {
    int slot = (int) (turns.getAndIncrement() % capacity);
    return chunk(slot >>> CHUNK_SHIFT).getAndSet(slot & (CHUNK_SIZE - 1), job);
  }

  /** Forgets a kept job; returns whether it was kept. */
  boolean remove(Job job) {
    return replace(job, null);
  }

  /** Puts {@code replacement} in the slot of a kept job; returns whether it was kept. */
  boolean replace(Job job, Job replacement) {
    for (int c = 0; c < chunks.length(); c++) {
      AtomicReferenceArray<Job> chunk = chunks.get(c);
      if (chunk == null) {
        continue;
      }
      for (int i = 0; i < chunk.length(); i++) {
        if (chunk.get(i) == job && chunk.compareAndSet(i, job, replacement)) {
          return true;
        }
      }
    }
    return false;
  }

  private AtomicReferenceArray<Job> chunk(int index) {
    AtomicReferenceArray<Job> chunk = chunks.get(index);
    if (chunk != null) {
      return chunk;
    }
    int size = Math.min(CHUNK_SIZE, capacity - (index << CHUNK_SHIFT));
    AtomicReferenceArray<Job> created = new AtomicReferenceArray<>(size);
    return chunks.compareAndSet(index, null, created) ? created : chunks.get(index);
  }
}
