/**
 * The core API: jobs ({@link dev.amboy.Job}), queues ({@link dev.amboy.Queue}) and their runners
 * ({@link dev.amboy.Runner}), queue groups, stats, listeners, exceptions and the {@link
 * dev.amboy.Amboy} helpers.
 */
package dev.amboy;
