/**
 * Dependencies between jobs and on the outside world, which ordered queues use to decide what runs.
 */
package dev.amboy.dependency;
