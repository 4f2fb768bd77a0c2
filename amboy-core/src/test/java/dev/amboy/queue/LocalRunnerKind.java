package dev.amboy.queue;

import dev.amboy.Runner;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import java.time.Duration;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every runner that executes jobs, for the local queue contract matrix. */
enum LocalRunnerKind {
  POOL(Runners::pool),
  SINGLE(workers -> Runners.single()),
  ABORTABLE(Runners::abortable),
  RATE_LIMITED(
      workers -> Runners.rateLimited(RunnerOptions.ofWorkers(workers), Duration.ofMillis(1))),
  MOVING_AVERAGE(
      workers ->
          Runners.movingAverage(
              RunnerOptions.ofWorkers(workers), 1_000_000, Duration.ofSeconds(1)));

  private final IntFunction<Runner> factory;

  LocalRunnerKind(IntFunction<Runner> factory) {
    this.factory = factory;
  }

  Runner create(int workers) {
    return factory.apply(workers);
  }

  /** (workers, runner) pairs: each runner with each contract worker count; single with 1. */
  static Stream<Arguments> matrix() {
    String counts = System.getProperty("amboy.contract.workers", "1,2,4,8");
    return Stream.of(values())
        .flatMap(
            kind ->
                kind == SINGLE
                    ? Stream.of(Arguments.of(1, kind))
                    : Stream.of(counts.split(","))
                        .map(String::trim)
                        .map(Integer::valueOf)
                        .map(workers -> Arguments.of(workers, kind)));
  }
}
