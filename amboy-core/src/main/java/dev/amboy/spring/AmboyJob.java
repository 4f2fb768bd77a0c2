package dev.amboy.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a job class's registered type. {@link dev.amboy.job.AbstractJob} reads it, so an
 * annotated job needs no type in its constructor; the Spring Boot starter also finds annotated
 * classes in the application's packages, registers them in the {@code JobRegistry} and creates them
 * as prototype beans, so a job read back from storage gets its collaborators injected.
 *
 * <p>The annotation itself has no Spring dependency, so plain-Java code can use it too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AmboyJob {

  /** The registered type name, such as {@code "send-email"}. */
  String type();

  /** The version of the job's stored form; a negative version makes the type local-only. */
  int version() default 1;
}
