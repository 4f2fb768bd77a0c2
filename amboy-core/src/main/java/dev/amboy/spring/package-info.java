/**
 * Annotations read by the Spring Boot starter: {@link dev.amboy.spring.AmboyJob} (a job class's
 * registered type) and {@link dev.amboy.spring.AmboyInterval} (a bean method whose jobs are put on
 * a schedule). They have no Spring dependency, so job classes can carry them in any application.
 */
package dev.amboy.spring;
