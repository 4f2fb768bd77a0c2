package dev.amboy.benchmarks.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.amboy.postgres.PostgresQueue;
import java.time.Duration;
import java.util.List;

/** One system-and-workload the harness measures, each in its own JVM. */
enum Trial {
  SQL_CLAIM_100("SQL ceiling: claim 100 + complete 100 per commit", 1),
  SQL_CLAIM_1("SQL ceiling: claim 1 + complete 1 per commit", 4),
  AMBOY_BATCHED("amboy PostgresQueue burn-down, default batching", 1),
  AMBOY_UNBATCHED("amboy PostgresQueue burn-down, batching off", 4),
  DB_SCHEDULER("db-scheduler burn-down, lock-and-fetch", 1),
  DB_SCHEDULER_FETCH("db-scheduler burn-down, fetch (its default polling strategy)", 4),
  QUARTZ("Quartz burn-down, clustered JDBC job store", 10),
  JOBRUNR("JobRunr burn-down, SQL storage", 1),
  SQL_INSERT_MULTI_ROW("SQL ceiling: multi-row INSERT, 1,000 rows per statement", 1),
  AMBOY_PUT_ALL("amboy putAll, 1,000 jobs per call", 1),
  SQL_INSERT_SINGLE_ROW("SQL ceiling: single-row INSERT, one commit each, 1 thread", 10),
  AMBOY_PUT("amboy put, one job per call, 1 thread", 10),
  AMBOY_PENDING_10K("amboy PostgresQueue, first 5,000 completions with 10,000 pending", 1),
  AMBOY_PENDING_1M("amboy PostgresQueue, first 5,000 completions with 1,000,000 pending", 1),
  AMBOY_LATENCY("amboy PostgresQueue enqueue -> start latency, open-loop producer", 1),
  AMBOY_STEADY(
      "amboy PostgresQueue steady state: one thread puts one job per call while the workers run them",
      4),
  DB_SCHEDULER_STEADY(
      "db-scheduler steady state: one thread schedules one execution per call while its threads"
          + " run them",
      10),
  QUARTZ_STEADY(
      "Quartz steady state: one thread schedules one job per call while its threads run them", 40),
  JOBRUNR_STEADY(
      "JobRunr steady state: one thread enqueues one job per call while its workers run them", 20),
  DB_SCHEDULER_LATENCY("db-scheduler enqueue -> start latency, open-loop producer", 1),
  QUARTZ_LATENCY("Quartz enqueue -> start latency, open-loop producer", 1),
  JOBRUNR_LATENCY("JobRunr enqueue -> start latency, open-loop producer", 1);

  /**
   * The trials every run measures; the peers' steady states (which size their latency series) and
   * the pending-row trials (P6) only run when asked for.
   */
  static final List<Trial> CORE =
      List.of(
          SQL_CLAIM_100,
          SQL_CLAIM_1,
          AMBOY_BATCHED,
          AMBOY_UNBATCHED,
          DB_SCHEDULER,
          DB_SCHEDULER_FETCH,
          QUARTZ,
          JOBRUNR,
          SQL_INSERT_MULTI_ROW,
          AMBOY_PUT_ALL,
          SQL_INSERT_SINGLE_ROW,
          AMBOY_PUT,
          AMBOY_STEADY);

  /** The peers' steady states: no goal reads them, the report's latency table does. */
  static final List<Trial> PEER_STEADY =
      List.of(DB_SCHEDULER_STEADY, QUARTZ_STEADY, JOBRUNR_STEADY);

  /**
   * The steady-state trials, one per system; each sizes the loads of its system's latency trial
   * ({@link #latency()}).
   */
  static final List<Trial> STEADY =
      List.of(AMBOY_STEADY, DB_SCHEDULER_STEADY, QUARTZ_STEADY, JOBRUNR_STEADY);

  static final List<Trial> PENDING_ROWS = List.of(AMBOY_PENDING_10K, AMBOY_PENDING_1M);

  /** Completions timed by the pending-row trials. */
  static final int PENDING_MEASURED = 5_000;

  final String description;

  /**
   * The trial handles this fraction of the run's job count: the one-commit-per-job trials are an
   * order of magnitude slower, and the pairs compared with each other share the same divisor.
   * Quartz, reported beside amboy's batched burn-down without a goal, is two orders of magnitude
   * slower and runs a tenth of the jobs; db-scheduler's fetch strategy, which locks each execution
   * with its own commit, runs a quarter. The peers' steady states run as many jobs as they handle
   * in tens of seconds (db-scheduler a tenth, JobRunr a twentieth, Quartz a fortieth); the latency
   * trials' counts come from their rate.
   */
  final int divisor;

  Trial(String description, int divisor) {
    this.description = description;
    this.divisor = divisor;
  }

  /**
   * How many jobs or rows this trial handles in a run of {@code jobs}; for the pending-row trials,
   * how many jobs are pending when the clock starts.
   */
  int count(int jobs) {
    return switch (this) {
      case AMBOY_PENDING_10K -> 10_000;
      case AMBOY_PENDING_1M -> 1_000_000;
      default -> Math.max(1, jobs / divisor);
    };
  }

  /** Jobs of a warm-up run in a full run (a tenth of its 200,000), before a trial's divisor. */
  static final int FULL_WARM_UP_JOBS = 20_000;

  /**
   * The work of each warm-up run ({@link TrialMain#warmUp}), the same rule for every system: a
   * tenth, but at least what the trial's warm-up runs handle in a full run ({@link
   * #FULL_WARM_UP_JOBS} over its divisor), and at most the measured count. A quick run's tenth
   * (2,000 jobs in well under a second) is too short for the share of it spent compiling to say
   * whether the JVM has settled. The latency trials, whose runs last seconds at a low rate, warm up
   * with runs as long as the measured one.
   */
  int warmUpCount(int count) {
    return isLatency()
        ? count
        : Math.min(count, Math.max(Math.max(1, count / 10), FULL_WARM_UP_JOBS / divisor));
  }

  private boolean isLatency() {
    return switch (this) {
      case AMBOY_LATENCY, DB_SCHEDULER_LATENCY, QUARTZ_LATENCY, JOBRUNR_LATENCY -> true;
      default -> false;
    };
  }

  /** The latency trial of this steady-state trial's system. */
  Trial latency() {
    return switch (this) {
      case AMBOY_STEADY -> AMBOY_LATENCY;
      case DB_SCHEDULER_STEADY -> DB_SCHEDULER_LATENCY;
      case QUARTZ_STEADY -> QUARTZ_LATENCY;
      case JOBRUNR_STEADY -> JOBRUNR_LATENCY;
      default -> throw new IllegalStateException(this + " is not a steady-state trial");
    };
  }

  /** The system a latency trial measures, as the report names it. */
  String system() {
    return switch (this) {
      case AMBOY_LATENCY -> "amboy";
      case DB_SCHEDULER_LATENCY -> "db-scheduler " + PostgresHarness.DB_SCHEDULER_VERSION;
      case QUARTZ_LATENCY -> "Quartz " + QuartzTrial.version();
      case JOBRUNR_LATENCY -> "JobRunr " + JobRunrTrial.VERSION;
      default -> throw new IllegalStateException(this + " is not a latency trial");
    };
  }

  /** Whether the trial measures amboy's queue rather than a peer or an SQL ceiling. */
  boolean measuresAmboy() {
    return switch (this) {
      case AMBOY_BATCHED,
          AMBOY_UNBATCHED,
          AMBOY_PUT_ALL,
          AMBOY_PUT,
          AMBOY_PENDING_10K,
          AMBOY_PENDING_1M,
          AMBOY_LATENCY,
          AMBOY_STEADY ->
          true;
      default -> false;
    };
  }

  /**
   * Runs the trial in a schema of its own, which it creates and drops.
   *
   * @param url the server
   * @param schema a schema name no other trial uses
   * @param count the jobs or rows to handle
   * @param workers worker threads (and connections) for burn-downs
   * @param rate jobs per second of the latency trials' producers; ignored by the others
   */
  Measurement run(String url, String schema, int count, int workers, double rate) throws Exception {
    try (HikariDataSource admin = BenchDatabase.pool(url, 1, null)) {
      DatabaseCpu.locate(admin);
      BenchDatabase.execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      try {
        if (measuresAmboy()) {
          try (HikariDataSource pool = BenchDatabase.pool(url, workers + 4, null)) {
            return this == AMBOY_LATENCY
                ? AmboyTrials.latency(pool, schema, count, workers, rate)
                : runAmboy(pool, schema, count, workers);
          }
        }
        BenchDatabase.execute(admin, "CREATE SCHEMA " + schema);
        try (HikariDataSource pool = BenchDatabase.pool(url, workers + 4, schema)) {
          return runOther(pool, count, workers, rate);
        }
      } finally {
        BenchDatabase.execute(admin, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private Measurement runAmboy(HikariDataSource pool, String schema, int count, int workers)
      throws Exception {
    switch (this) {
      case AMBOY_BATCHED:
        return AmboyTrials.burnDown(pool, schema, count, workers, true);
      case AMBOY_UNBATCHED:
        return AmboyTrials.burnDown(pool, schema, count, workers, false);
      case AMBOY_STEADY:
        return AmboyTrials.steadyState(pool, schema, count, workers);
      case AMBOY_PENDING_10K:
      case AMBOY_PENDING_1M:
        return AmboyTrials.backlog(
            pool, schema, count, Math.min(PENDING_MEASURED, count / 2), workers);
      default:
        PostgresQueue queue = AmboyTrials.queue(pool, schema, workers, true);
        try {
          BenchDatabase.checkpoint(pool);
          return this == AMBOY_PUT_ALL
              ? Measurement.time(() -> AmboyTrials.putAll(queue, count))
              : Measurement.time(() -> AmboyTrials.putEach(queue, count));
        } finally {
          queue.close(Duration.ofSeconds(10));
        }
    }
  }

  private Measurement runOther(HikariDataSource pool, int count, int workers, double rate)
      throws Exception {
    switch (this) {
      case DB_SCHEDULER_STEADY:
        return DbSchedulerTrial.produce(pool, count, workers, 0);
      case DB_SCHEDULER_LATENCY:
        return DbSchedulerTrial.produce(pool, count, workers, rate);
      case QUARTZ_STEADY:
        return QuartzTrial.produce(pool, count, workers, 0);
      case QUARTZ_LATENCY:
        return QuartzTrial.produce(pool, count, workers, rate);
      case JOBRUNR_STEADY:
        return JobRunrTrial.produce(pool, count, workers, 0);
      case JOBRUNR_LATENCY:
        return JobRunrTrial.produce(pool, count, workers, rate);
      default:
        break;
    }
    if (this == DB_SCHEDULER || this == DB_SCHEDULER_FETCH) {
      return DbSchedulerTrial.burnDown(pool, count, workers, this == DB_SCHEDULER);
    }
    if (this == QUARTZ) {
      return QuartzTrial.burnDown(pool, count, workers);
    }
    if (this == JOBRUNR) {
      return JobRunrTrial.burnDown(pool, count, workers);
    }
    SqlCeilings.createTable(pool);
    switch (this) {
      case SQL_CLAIM_100:
      case SQL_CLAIM_1:
        SqlCeilings.insertMultiRow(pool, count);
        BenchDatabase.checkpoint(pool);
        int claimSize = this == SQL_CLAIM_100 ? 100 : 1;
        Measurement burnDown =
            Measurement.time(() -> SqlCeilings.burnDown(pool, workers, claimSize));
        if (burnDown.jobs() != count) {
          throw new IllegalStateException(
              "the SQL burn-down completed " + burnDown.jobs() + " rows, expected " + count);
        }
        return burnDown;
      case SQL_INSERT_MULTI_ROW:
        BenchDatabase.checkpoint(pool);
        return Measurement.time(() -> SqlCeilings.insertMultiRow(pool, count));
      case SQL_INSERT_SINGLE_ROW:
        BenchDatabase.checkpoint(pool);
        return Measurement.time(() -> SqlCeilings.insertSingleRows(pool, count));
      default:
        throw new IllegalStateException("not an SQL trial: " + this);
    }
  }
}
