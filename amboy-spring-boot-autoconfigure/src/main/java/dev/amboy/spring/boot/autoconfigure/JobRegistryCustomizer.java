package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.registry.JobRegistry;

/**
 * Adds to the auto-configured {@link JobRegistry} after the {@code @AmboyJob} classes are
 * registered: more job types, dependency types or named checks. Customizer beans run in their
 * {@code @Order}.
 */
@FunctionalInterface
public interface JobRegistryCustomizer {

  void customize(JobRegistry registry);
}
