package dev.amboy.pool;

import dev.amboy.AbortableRunner;

/** A worker pool whose running jobs can be aborted; see {@link AbortableRunner}. */
final class AbortablePoolRunner extends WorkerPoolRunner implements AbortableRunner {

  AbortablePoolRunner(RunnerOptions options) {
    super("abortable", options);
  }
}
