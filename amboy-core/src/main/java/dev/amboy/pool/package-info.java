/**
 * Runners: the worker pools that take jobs from a queue, created through {@link
 * dev.amboy.pool.Runners}.
 */
package dev.amboy.pool;
