/** In-memory queues, created through {@link dev.amboy.queue.Queues}. */
package dev.amboy.queue;
