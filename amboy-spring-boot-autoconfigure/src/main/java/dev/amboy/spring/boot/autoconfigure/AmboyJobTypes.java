package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Job;
import dev.amboy.JobType;
import java.util.List;

/**
 * The {@code @AmboyJob} classes found in the application's packages, each registered as a prototype
 * bean; the auto-configured registry creates their jobs through the bean factory.
 *
 * @param jobs one entry per class, in the order they were found
 */
record AmboyJobTypes(List<Entry> jobs) {

  AmboyJobTypes {
    jobs = List.copyOf(jobs);
  }

  /**
   * One annotated class.
   *
   * @param type the type and version from its annotation
   * @param jobClass the class
   * @param beanName the name of its prototype bean definition
   */
  record Entry(JobType type, Class<? extends Job> jobClass, String beanName) {}
}
