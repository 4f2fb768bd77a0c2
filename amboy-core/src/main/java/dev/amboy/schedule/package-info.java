/**
 * Periodic work on queues: {@link dev.amboy.schedule.QueueOperation}s (usually putting jobs) run on
 * an interval or a {@link dev.amboy.schedule.CronExpression} by {@link
 * dev.amboy.schedule.IntervalQueueOperation} and, over a queue group, {@link
 * dev.amboy.schedule.IntervalGroupQueueOperation}.
 */
package dev.amboy.schedule;
