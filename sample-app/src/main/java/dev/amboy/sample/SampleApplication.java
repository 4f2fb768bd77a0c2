package dev.amboy.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * "reports": a small web application built on amboy. Reports are rendered by jobs, pipelines run
 * dependent steps in order, every tenant gets its own queue, notifications are rate-limited, and
 * housekeeping runs on a schedule. Queues are in memory unless the {@code postgres} profile is on.
 */
@SpringBootApplication
public class SampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
