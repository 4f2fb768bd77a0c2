/**
 * Reports on queues' jobs and bulk operations over them: {@link dev.amboy.management.QueueManager}.
 */
package dev.amboy.management;
