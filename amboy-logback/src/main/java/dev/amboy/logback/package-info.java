/**
 * Asynchronous log delivery through an amboy queue: {@link dev.amboy.logback.QueueBackedAppender}
 * takes Logback events on the logging thread and lets the queue's workers pass them to the
 * appenders it wraps.
 */
package dev.amboy.logback;
