package dev.amboy.examples;

// README interval operations: begin
import dev.amboy.Queue;
import dev.amboy.job.Jobs;
import dev.amboy.schedule.IntervalQueueOperation;
import dev.amboy.schedule.QueueOperationConfig;
import dev.amboy.schedule.QueueOperations;
import dev.amboy.schedule.Schedule;
import dev.amboy.schedule.ScheduledOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

public class ScheduledWork {

  /** A report job every 15 minutes, and a cleanup job at 02:30 Berlin time every night. */
  public static List<ScheduledOperation> start(
      Queue queue, Clock clock, Jobs.JobAction report, Jobs.JobAction cleanup) {
    QueueOperationConfig config =
        QueueOperationConfig.builder()
            .continueOnError(true) // a failed put is logged; the schedule carries on
            .logErrors(true)
            .threshold(1_000) // skip a run while more than 1000 jobs wait
            .jitter(Duration.ofSeconds(30)) // up to 30s extra between runs
            .build();
    ScheduledOperation reports =
        IntervalQueueOperation.start(
            "reports",
            queue,
            Schedule.every(Duration.ofMinutes(15)),
            config,
            QueueOperations.job(() -> Jobs.of(report)),
            clock);
    ScheduledOperation nightly =
        IntervalQueueOperation.start(
            "nightly-cleanup",
            queue,
            Schedule.cron("0 30 2 * * *", ZoneId.of("Europe/Berlin")),
            config,
            // one id per night: if another instance already put it, the duplicate is ignored
            QueueOperations.job(() -> Jobs.of("cleanup-" + LocalDate.now(clock), cleanup)),
            clock);
    return List.of(reports, nightly); // stop() each when the application shuts down
  }
}
// README interval operations: end
