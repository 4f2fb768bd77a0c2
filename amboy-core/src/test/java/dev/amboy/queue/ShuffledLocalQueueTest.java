package dev.amboy.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.amboy.Amboy;
import dev.amboy.DeletableJobQueue;
import dev.amboy.JobTimeInfo;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ShuffledLocalQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<String> order = new CopyOnWriteArrayList<>();
  private final DeletableJobQueue queue =
      Queues.shuffled(LocalQueueOptions.builder("shuffled").workers(1).build());

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void dispatchOrderIsNotArrivalOrder() throws Exception {
    List<String> ids = IntStream.range(0, 200).mapToObj(i -> "j" + i).toList();
    ids.forEach(id -> queue.put(Jobs.of(id, ctx -> order.add(id))));
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(order).as("200 jobs in arrival order by chance: p = 1/200!").isNotEqualTo(ids);
  }

  @Test
  void waitUntilIsHonoured() throws Exception {
    AbstractJob later = Jobs.of("later", ctx -> order.add("later"));
    Instant notBefore = Instant.now().plusMillis(300);
    later.updateTimeInfo(JobTimeInfo.empty().withWaitUntil(notBefore));
    queue.put(later);
    queue.put(Jobs.of("now", ctx -> order.add("now")));
    queue.start();
    assertThat(Amboy.wait(queue, WAIT)).isTrue();
    assertThat(order).containsExactly("now", "later");
    assertThat(queue.get("later").orElseThrow().timeInfo().start()).isAfterOrEqualTo(notBefore);
    assertThat(queue.delete("later")).isTrue();
    assertThat(queue.delete("later")).isFalse();
  }
}
