package dev.amboy.spring.boot.actuate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.Queue;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.spring.boot.actuate.metrics.SharedQueueStats.State;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedQueueStatsTest {

  private final Queue queue =
      Queues.limitedSize(LocalQueueOptions.builder("shared-stats").workers(1).build());
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicLong now = new AtomicLong();
  private final SharedQueueStats shared =
      new SharedQueueStats(
          () -> {
            reads.incrementAndGet();
            return queue.stats();
          },
          now::get);

  @Test
  void aReadingServesEachStateOnceSoAGaugeNeverGoesBackInTime() {
    assertThat(shared.count(State.PENDING)).isZero();
    assertThat(shared.count(State.COMPLETED)).isZero();
    assertThat(reads).hasValue(1);

    queue.put(Jobs.of("later", ctx -> {}));
    // pending was served by the first reading: its next read takes a new one
    assertThat(shared.count(State.PENDING)).isEqualTo(1.0);
    assertThat(reads).hasValue(2);
    assertThat(shared.count(State.RUNNING)).isZero();
    assertThat(shared.count(State.BLOCKED)).isZero();
    assertThat(reads).hasValue(2);
  }

  @Test
  void aReadingOlderThanASecondIsNotServed() {
    assertThat(shared.count(State.PENDING)).isZero();
    queue.put(Jobs.of("later", ctx -> {}));
    now.addAndGet(SharedQueueStats.MAX_AGE_NANOS);
    assertThat(shared.count(State.RUNNING)).isZero();
    assertThat(reads).hasValue(1);

    now.addAndGet(1);
    assertThat(shared.count(State.BLOCKED)).isZero();
    assertThat(reads).hasValue(2);
    assertThat(shared.count(State.PENDING)).isEqualTo(1.0);
    assertThat(reads).hasValue(2);
  }
}
