/**
 * Annotations read by the Spring Boot starter. They have no Spring dependency, so job classes can
 * carry them in any application.
 */
package dev.amboy.spring;
