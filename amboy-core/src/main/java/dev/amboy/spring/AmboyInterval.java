package dev.amboy.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts the jobs a method returns into a queue on a schedule, as an interval queue operation: the
 * amboy counterpart of Spring's {@code @Scheduled}. The Spring Boot starter finds annotated methods
 * on beans; the method takes no arguments and returns a {@code Job}, a {@code Collection} of jobs
 * or a {@code Stream} of jobs (closed after use). A {@code null} return puts nothing.
 *
 * <p>Exactly one of {@link #interval()} and {@link #cron()} is set. Durations are written as Spring
 * Boot reads them ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 such
 * as {@code PT5M}); every string attribute may be a {@code ${...}} placeholder.
 *
 * <p>The annotation itself has no Spring dependency.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AmboyInterval {

  /** The name of the queue the jobs are put into. */
  String queue();

  /** The time from the end of one run to the start of the next, such as {@code 5m}. */
  String interval() default "";

  /**
   * A cron expression with seconds ({@code second minute hour day-of-month month day-of-week}),
   * such as {@code 0 30 2 * * *}, instead of an interval.
   */
  String cron() default "";

  /** The time zone a {@link #cron()} expression is read in, such as {@code Europe/Berlin}; UTC. */
  String zone() default "";

  /**
   * The delay before the first run of an {@link #interval()} schedule; it runs at once when empty.
   */
  String initialDelay() default "";

  /** The largest random delay added to each wait between runs; none when empty. */
  String jitter() default "";

  /** Skip a run while the queue has more pending jobs than {@link #threshold()}. */
  boolean respectThreshold() default false;

  /** The pending-job count above which runs are skipped when {@link #respectThreshold()} is on. */
  int threshold() default 0;

  /** Keep the schedule after a failed run; when off, the first failure ends it. */
  boolean continueOnError() default true;

  /** Log each failed run as a warning; when off, failures are only counted. */
  boolean logErrors() default true;

  /** Count putting a job whose id is already queued as a failure instead of ignoring it. */
  boolean enableDuplicateJobReporting() default false;

  /**
   * The operation's name, which also names its thread ({@code amboy-op-<name>}); the bean name and
   * method name ({@code <bean>.<method>}) when empty.
   */
  String name() default "";
}
