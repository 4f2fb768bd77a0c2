package dev.amboy.examples;

// README quick start: begin
import dev.amboy.Amboy;
import dev.amboy.JobContext;
import dev.amboy.Queue;
import dev.amboy.job.AbstractJob;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import dev.amboy.spring.AmboyJob;
import java.time.Duration;

public class QuickStart {

  /** A job class: its fields are its payload, stored as JSON when the queue is persistent. */
  @AmboyJob(type = "greet", version = 1)
  public static class Greet extends AbstractJob {
    private String name;
    private String greeting;

    Greet() {} // for the registry

    public Greet(String name) {
      super("greet-" + name);
      this.name = name;
    }

    @Override
    public void run(JobContext context) {
      greeting = "hello, " + name;
    }

    public String greeting() {
      return greeting;
    }
  }

  public static String run() throws InterruptedException {
    try (Queue queue =
        Queues.limitedSize(LocalQueueOptions.builder("quick-start").workers(4).build())) {
      queue.start();
      queue.put(new Greet("ada"));
      queue.put(Jobs.of("resize-42", ctx -> Thread.sleep(10)));
      Amboy.wait(queue, Duration.ofSeconds(30));
      return ((Greet) queue.get("greet-ada").orElseThrow()).greeting();
    }
  }
}
// README quick start: end
