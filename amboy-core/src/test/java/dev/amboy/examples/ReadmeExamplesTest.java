package dev.amboy.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import dev.amboy.management.JobCounters;
import dev.amboy.management.JobErrorsForType;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.schedule.ScheduledOperation;
import dev.amboy.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keeps the README's scheduling and management examples compiled, working and identical. */
@Timeout(30)
class ReadmeExamplesTest {

  @ParameterizedTest
  @CsvSource({"ScheduledWork, interval operations", "ManagingJobs, management"})
  void theReadmeShowsExactlyTheExampleSource(String file, String marker) throws Exception {
    String begin = "// README " + marker + ": begin\n";
    String end = "// README " + marker + ": end";
    String source = Files.readString(Path.of("src/test/java/dev/amboy/examples/" + file + ".java"));
    String snippet =
        source.substring(source.indexOf(begin) + begin.length(), source.indexOf(end)).strip();
    assertThat(Files.readString(Path.of("../README.md"))).contains("```java\n" + snippet + "\n```");
  }

  @Test
  void theScheduledWorkRunsOnItsSchedules() {
    SettableClock clock = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));
    AtomicInteger ran = new AtomicInteger();
    try (Queue queue =
        Queues.limitedSize(LocalQueueOptions.builder("scheduled-work").clock(clock).build())) {
      List<ScheduledOperation> operations =
          ScheduledWork.start(queue, clock, ctx -> ran.incrementAndGet(), ctx -> {});
      try {
        ScheduledOperation reports = operations.get(0);
        ScheduledOperation nightly = operations.get(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.runs() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> nightly.nextRun().isPresent());
        // 02:30 in Berlin (summer time, +02:00) is 00:30 UTC
        assertThat(nightly.nextRun()).contains(Instant.parse("2026-06-02T00:30:00Z"));

        clock.set(nightly.nextRun().orElseThrow());
        await().atMost(Duration.ofSeconds(10)).until(() -> nightly.runs() == 1);
        assertThat(queue.get("cleanup-2026-06-02")).isPresent();
        queue.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() >= 1);
      } finally {
        operations.forEach(ScheduledOperation::stop);
      }
    }
  }

  @Test
  void theManagementExampleReportsAndDropsObsoleteWork() {
    try (Queue queue = Queues.limitedSize(LocalQueueOptions.builder("reviewed").build())) {
      queue.put(Jobs.of("obsolete-1", ctx -> {}));
      queue.put(Jobs.of("obsolete-2", ctx -> {}));
      queue.put(Jobs.of("current", ctx -> {}));
      AbstractJob failed = Jobs.of("failed", ctx -> {});
      Instant now = Instant.now();
      failed.setTimeInfo(new JobTimeInfo(now, now, now, null, null, null));
      failed.setStatus(new JobStatus("", true, false, false, now, 2, List.of("timeout")));
      queue.put(failed);

      ManagingJobs.Review review = ManagingJobs.review(queue);

      assertThat(review.pending().data()).containsExactly(new JobCounters("lambda", 3, null));
      assertThat(review.errors().data())
          .containsExactly(new JobErrorsForType("lambda", 1, 1, 1.0, List.of("timeout"), null));
      assertThat(review.dropped()).isEqualTo(2);
      assertThat(queue.get("obsolete-1").orElseThrow().status().completed()).isTrue();
      assertThat(queue.get("current").orElseThrow().status().completed()).isFalse();
    }
  }
}
