package dev.amboy.postgres;

/**
 * The statements a {@link PostgresQueue} runs, written out once per schema and dispatch mode. The
 * schema name is a validated identifier; every value travels as a bind parameter, many rows as
 * arrays that the statement unnests, so that each batch is one statement and one round trip.
 */
final class QueueSql {

  /** The state predicate of a pending row; matches the partial indexes. */
  static final String PENDING = "NOT %1$s.completed AND NOT %1$s.in_progress AND NOT %1$s.dropped";

  static String pending(String alias) {
    return String.format(PENDING, alias);
  }

  /**
   * Pending rows with priority 0, the default, are indexed once, by ready time; the others twice,
   * by ready time and by priority. A statement that looks for pending rows of a queue in index
   * order asks each half with one of these predicates, so that each half can use its index.
   */
  static String defaultPriority(String alias) {
    return alias + ".priority = 0";
  }

  /** The other half of {@link #defaultPriority}. */
  static String otherPriority(String alias) {
    return alias + ".priority <> 0";
  }

  private static final String INSERT_COLUMNS =
      "queue, id, type, version, priority, body, completed, errors, err_count, created_at,"
          + " started_at, ended_at, wait_until, dispatch_by, max_time_ms, ready_at, dep_type,"
          + " dep_version, dep_edges, scopes, attempt, max_attempts";

  /**
   * The arrays every batch insert starts with, and their elements: a plain job's batch sends only
   * these ({@link #insertPlainStrict}).
   */
  private static final String PLAIN_ARRAYS =
      "?::text[], ?::text[], ?::int4[], ?::int4[], ?::text[], ?::timestamptz[]";

  private static final String PLAIN_ELEMENTS = "id, type, version, priority, body, created_at";

  final String channel;

  /**
   * Inserts one job and notifies; its update count is 1 when the job was new and 0 when the id was
   * taken. A plain {@code INSERT ... SELECT} rather than a CTE over {@code INSERT ... RETURNING}:
   * the CTE cost about a tenth of a single put's throughput. The notification is sent for a
   * duplicate as well, which wakes idle workers for nothing and is otherwise harmless.
   */
  final String insert;

  /** {@link #insert} for a plain job ({@link #insertPlainStrict}): 10 parameters instead of 24. */
  final String insertPlain;

  final String insertStrict;
  final String insertSkipping;

  /**
   * {@link #insertStrict} and {@link #insertSkipping} for a batch of plain jobs: no times but the
   * created time, no errors, no dependency edges, no scopes, no retry state and not completed.
   * Their other columns take the table's defaults, so the batch sends 6 arrays instead of 20;
   * parsing and unnesting all 20 took about 3 µs per job in PostgreSQL, and a subset of 9 took 1.6
   * µs.
   */
  final String insertPlainStrict;

  final String insertPlainSkipping;

  /**
   * Runs before {@link #claim} in its transaction, local to it. Right after a burst of puts the
   * table's statistics still describe the empty table, and the planner then reads every pending row
   * and sorts them to find the first few (seconds per claim with a million rows). Forbidding the
   * sort leaves the ordered scans of the ready indexes, which stop after the batch whatever the
   * statistics say; with fresh statistics the planner picks those scans anyway. The only sort left
   * is the merge of the two halves of the ready indexes, at most two batches of rows. The same
   * stale statistics made the cached generic plan find the claimed and expired rows by scanning
   * every row of the queue instead of looking them up by key (1.7 ms per claim on average with a
   * few thousand rows, growing with the table, for as long as the connection kept the plan): the
   * claim's updates take their rows as {@code id = ANY (ARRAY(...))}, and without bitmap and
   * sequential scans only the key lookups remain.
   *
   * <p>With those settings the plan no longer depends on the parameters, so the claim also keeps
   * its cached generic plan ({@code plan_cache_mode}). Left to choose, PostgreSQL planned it afresh
   * on every call once the table had statistics (the generic plan's estimate for an unknown {@code
   * LIMIT} looks worse than a custom plan's): 0.2 ms of planning per claim, more than its
   * execution, which a queue claiming one job at a time paid for every job.
   *
   * <p>Before PostgreSQL 18 a forbidden plan node is not removed but priced at 10<sup>10</sup>, and
   * the merge's sort keeps that price, so the claim's estimate is always far above {@code
   * jit_above_cost}. On a server built with JIT (the default of most packages) every claim was then
   * compiled with LLVM before it ran: half a second per claim of a few rows, a queue on PostgreSQL
   * 15 running 440 jobs/s. The claim is a few index lookups, so it runs without JIT.
   */
  static final String CLAIM_PLAN =
      "SELECT set_config('enable_sort', 'off', true),"
          + " set_config('enable_bitmapscan', 'off', true),"
          + " set_config('enable_seqscan', 'off', true),"
          + " set_config('plan_cache_mode', 'force_generic_plan', true),"
          + " set_config('jit', 'off', true)";

  final String claim;

  /**
   * {@link #CLAIM_PLAN} and {@link #claim} in one statement string, sent in one round trip. With
   * auto-commit the two still share one transaction, the implicit one that lasts until the
   * protocol's sync message after the pair, so the claim needs no BEGIN and COMMIT of its own.
   * Every parameter of the claim is bound with its type: pgjdbc describes a statement with
   * parameters of unknown type, and for a described statement whose rows have no size limit it
   * sends a sync ahead of it, which here would end the transaction between the setting and the
   * claim.
   */
  final String plannedClaim;

  /** Writes completions passed as parallel arrays, one element per job. */
  final String complete;

  /**
   * Writes the columns that jobs changed while they ran ({@link JobRows.ColumnValues}), after their
   * completion and in its transaction; few jobs do, so the completion itself stays lean.
   */
  final String updateColumns;

  final String completeFreeingScopes;

  /**
   * Writes one completion passed as plain parameters. The array form costs a fresh plan on every
   * call when it carries one row (the planner sees the array's length in a custom plan and prefers
   * it to the generic plan it estimates for 100 rows); a one-row {@code VALUES} list keeps one
   * cached plan.
   */
  final String completeOne;

  final String completeOneFreeingScopes;
  final String insertAttempts;
  final String acquireScopes;
  final String dropScopes;
  final String ping;
  final String reapStale;
  final String nextDue;
  final String hasReadyWork;
  final String notify;
  final String selectOne;
  final String exists;
  final String selectAll;
  final String stats;

  /**
   * Stores a job's edited fields; answers a constant row when it did. A constant rather than the
   * id: pgjdbc describes a statement with parameters of unknown type (null timestamps), and from
   * then on sends a Sync and waits for its answer ahead of every execution of a described statement
   * whose rows have no size limit, such as a text column, which is a second round trip per call.
   */
  final String save;

  final String completeUnowned;
  final String delete;
  final String pruneCompleted;
  final String attemptsOf;

  QueueSql(String schema, DispatchMode mode) {
    String jobs = schema + ".jobs";
    String scopes = schema + ".scopes";
    this.channel = "amboy_" + schema;

    String values =
        "?, ?, ?, ?, ?, ?::jsonb, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), ?, ?, ?, ?,"
            + " ?, ?, ?, COALESCE(?, LEAST(?, now())), ?, ?, ?::text[], ?::text[], ?, ?";
    this.insert = insertOne(jobs, INSERT_COLUMNS, values);

    String unnested =
        "SELECT ?, u.id, u.type, u.version, u.priority, u.body::jsonb, u.completed, "
            + textArray("u.errors")
            + ", u.err_count, u.created_at, u.started_at, u.ended_at, u.wait_until,"
            + " u.dispatch_by, u.max_time_ms, COALESCE(u.wait_until, LEAST(u.created_at, now())),"
            + " u.dep_type, u.dep_version, "
            + textArray("u.dep_edges")
            + ", "
            + textArray("u.scopes")
            + ", u.attempt, u.max_attempts"
            + " FROM unnest("
            + PLAIN_ARRAYS
            + ", ?::bool[], ?::text[], ?::int4[], ?::timestamptz[], ?::timestamptz[],"
            + " ?::timestamptz[], ?::timestamptz[], ?::int8[], ?::text[], ?::int4[], ?::text[],"
            + " ?::text[], ?::int4[], ?::int4[])"
            + " AS u("
            + PLAIN_ELEMENTS
            + ", completed, errors, err_count, started_at, ended_at, wait_until, dispatch_by,"
            + " max_time_ms, dep_type, dep_version, dep_edges, scopes, attempt, max_attempts)";
    this.insertStrict = insertAll(jobs, INSERT_COLUMNS, unnested, false);
    this.insertSkipping = insertAll(jobs, INSERT_COLUMNS, unnested, true);
    String plainColumns = "queue, id, type, version, priority, body, created_at, ready_at";
    this.insertPlain = insertOne(jobs, plainColumns, "?, ?, ?, ?, ?, ?::jsonb, ?, LEAST(?, now())");
    String plainUnnested =
        "SELECT ?, u.id, u.type, u.version, u.priority, u.body::jsonb, u.created_at,"
            + " LEAST(u.created_at, now()) FROM unnest("
            + PLAIN_ARRAYS
            + ") AS u("
            + PLAIN_ELEMENTS
            + ")";
    this.insertPlainStrict = insertAll(jobs, plainColumns, plainUnnested, false);
    this.insertPlainSkipping = insertAll(jobs, plainColumns, plainUnnested, true);

    String dependencyReady =
        mode == DispatchMode.ORDERED
            ? " AND (cardinality(p.dep_edges) = 0 OR cardinality(p.dep_edges) = (SELECT count(*)"
                + " FROM "
                + jobs
                + " e WHERE e.queue = p.queue AND e.id = ANY (p.dep_edges) AND e.completed))"
            : "";
    String ready =
        pending("p")
            + " AND p.ready_at <= now() AND (p.dispatch_by IS NULL OR p.dispatch_by >= now())"
            + " AND (cardinality(p.scopes) = 0 OR NOT EXISTS (SELECT 1 FROM "
            + scopes
            + " s WHERE s.queue = p.queue AND s.scope = ANY (p.scopes)))"
            + dependencyReady;
    boolean byPriority = mode == DispatchMode.PRIORITY;
    this.claim =
        "WITH dropped AS ("
            + "UPDATE "
            + jobs
            + " d SET dropped = true, updated_at = now(), mod_count = d.mod_count + 1"
            + " WHERE d.queue = ? AND d.id = ANY (ARRAY(SELECT x.id FROM "
            + jobs
            + " x WHERE x.queue = ? AND x.dispatch_by < now() AND "
            + pending("x")
            + " FOR UPDATE SKIP LOCKED))"
            + " RETURNING "
            + JobRows.claimedColumns("d")
            + "),"
            + " picked AS (SELECT c.id FROM (SELECT * FROM ("
            + pick(jobs, defaultPriority("p"), ready, "p.ready_at")
            + ") z UNION ALL SELECT * FROM ("
            + pick(
                jobs,
                otherPriority("p"),
                ready,
                byPriority ? "p.priority DESC, p.ready_at" : "p.ready_at")
            + ") o) c ORDER BY "
            + (byPriority ? "c.priority DESC, c.ready_at" : "c.ready_at")
            + " LIMIT ?),"
            + " claimed AS (UPDATE "
            + jobs
            + " j SET in_progress = true, canceled = false, owner = ?, mod_count = j.mod_count + 1,"
            + " updated_at = now(), started_at = ?"
            + " WHERE j.queue = ? AND j.id = ANY (ARRAY(SELECT id FROM picked))"
            + " RETURNING "
            + JobRows.claimedColumns("j")
            + ")"
            + " SELECT false AS dropped, * FROM claimed UNION ALL SELECT true, * FROM dropped";

    this.plannedClaim = CLAIM_PLAN + ";\n" + claim;

    String arrayRows =
        " FROM unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::bool[], ?::bool[], ?::text[], ?::text[], ?::int4[])";
    String oneRow =
        " FROM (VALUES (?::text, ?::int8, ?::text, ?::text, ?::text, ?::text,"
            + " ?::bool, ?::bool, ?::text, ?::text, ?::int4))";
    this.complete = completeStatement(jobs, arrayRows, null);
    this.updateColumns =
        "UPDATE "
            + jobs
            + " j SET priority = (c.v ->> 'priority')::int,"
            + " scopes = ARRAY(SELECT jsonb_array_elements_text(c.v -> 'scopes')),"
            + " dep_type = c.v ->> 'dep_type', dep_version = (c.v ->> 'dep_version')::int,"
            + " dep_edges = ARRAY(SELECT jsonb_array_elements_text(c.v -> 'dep_edges')),"
            + " created_at = (c.v ->> 'created_at')::timestamptz,"
            + " wait_until = (c.v ->> 'wait_until')::timestamptz,"
            + " dispatch_by = (c.v ->> 'dispatch_by')::timestamptz,"
            + " max_time_ms = (c.v ->> 'max_time_ms')::bigint,"
            + " max_attempts = (c.v ->> 'max_attempts')::int"
            + " FROM (SELECT u.id, u.columns::jsonb AS v"
            + " FROM unnest(?::text[], ?::text[]) AS u(id, columns)) c"
            + " WHERE j.queue = ? AND j.id = c.id";
    this.completeFreeingScopes = completeStatement(jobs, arrayRows, scopes);
    this.completeOne = completeStatement(jobs, oneRow, null);
    this.completeOneFreeingScopes = completeStatement(jobs, oneRow, scopes);

    this.insertAttempts =
        "INSERT INTO "
            + schema
            + ".attempts (queue, job_id, attempt, started_at, ended_at, errors)"
            + " SELECT ?, a.id, a.attempt, a.started_at::timestamptz, a.ended_at::timestamptz,"
            + " ARRAY(SELECT jsonb_array_elements_text(a.errors::jsonb))"
            + " FROM unnest(?::text[], ?::int4[], ?::text[], ?::text[], ?::text[])"
            + " AS a(id, attempt, started_at, ended_at, errors)"
            + " ON CONFLICT (queue, job_id, attempt) DO NOTHING";

    this.acquireScopes =
        "INSERT INTO "
            + scopes
            + " (queue, scope, job_id) SELECT ?, s, ? FROM unnest(?::text[]) AS s ORDER BY s"
            + " ON CONFLICT (queue, scope) DO NOTHING RETURNING scope";
    this.dropScopes = "DELETE FROM " + scopes + " WHERE queue = ? AND job_id = ?";

    this.ping =
        "UPDATE "
            + jobs
            + " j SET updated_at = now(), mod_count = j.mod_count + 1"
            + " FROM unnest(?::text[], ?::int8[]) AS p(id, mod_count)"
            + " WHERE j.queue = ? AND j.id = p.id AND "
            + held("p")
            + " RETURNING j.id, j.mod_count, j.updated_at";
    this.reapStale =
        "WITH stale AS (SELECT r.id, r.owner FROM "
            + jobs
            + " r WHERE r.queue = ? AND r.in_progress"
            + " AND r.updated_at < now() - ? * interval '1 millisecond' FOR UPDATE SKIP LOCKED),"
            + " released AS (UPDATE "
            + jobs
            + " j SET in_progress = false, canceled = true, owner = '',"
            + " mod_count = j.mod_count + 1, updated_at = now()"
            + " FROM stale WHERE j.queue = ? AND j.id = stale.id RETURNING j.id, stale.owner),"
            + " freed AS (DELETE FROM "
            + scopes
            + " s USING released WHERE s.queue = ? AND s.job_id = released.id)"
            + " SELECT id, owner FROM released";
    String later = pending("p") + " AND p.ready_at > now()";
    this.nextDue =
        "SELECT EXTRACT(EPOCH FROM (LEAST((SELECT min(p.ready_at) FROM "
            + jobs
            + " p WHERE p.queue = ? AND "
            + defaultPriority("p")
            + " AND "
            + later
            + "), (SELECT min(p.ready_at) FROM "
            + jobs
            + " p WHERE p.queue = ? AND "
            + otherPriority("p")
            + " AND "
            + later
            + ")) - now())) * 1000";
    String readyNow = pending("p") + " AND p.ready_at <= now()";
    this.hasReadyWork =
        "SELECT EXISTS (SELECT 1 FROM "
            + jobs
            + " p WHERE p.queue = ? AND "
            + defaultPriority("p")
            + " AND "
            + readyNow
            + ") OR EXISTS (SELECT 1 FROM "
            + jobs
            + " p WHERE p.queue = ? AND "
            + otherPriority("p")
            + " AND "
            + readyNow
            + ")";
    this.notify = "SELECT pg_notify(?, ?)";

    String rowColumns = JobRows.columns("r");
    this.selectOne =
        "SELECT "
            + rowColumns
            + " FROM "
            + jobs
            + " r WHERE r.queue = ? AND r.id = ? AND NOT r.dropped";
    this.exists =
        "SELECT completed, in_progress, dropped FROM " + jobs + " WHERE queue = ? AND id = ?";
    this.selectAll =
        "SELECT " + rowColumns + " FROM " + jobs + " r WHERE r.queue = ? AND NOT r.dropped";

    String blocked =
        mode == DispatchMode.ORDERED
            ? "count(*) FILTER (WHERE "
                + pending("p")
                + " AND cardinality(p.dep_edges) > 0 AND cardinality(p.dep_edges) <> (SELECT"
                + " count(*) FROM "
                + jobs
                + " e WHERE e.queue = p.queue AND e.id = ANY (p.dep_edges) AND e.completed))"
            : "0";
    this.stats =
        "SELECT count(*) FILTER (WHERE p.in_progress) AS running,"
            + " count(*) FILTER (WHERE p.completed) AS completed,"
            + " count(*) FILTER (WHERE "
            + pending("p")
            + ") AS pending, "
            + blocked
            + " AS blocked, count(*) FILTER (WHERE p.dropped) AS dropped, count(*) AS total,"
            + " (SELECT COALESCE(sum(c.completed), 0) FROM "
            + schema
            + ".queue_counters c WHERE c.queue = ?) AS pruned_completed,"
            + " (SELECT COALESCE(sum(c.dropped), 0) FROM "
            + schema
            + ".queue_counters c WHERE c.queue = ?) AS pruned_dropped"
            + " FROM "
            + jobs
            + " p WHERE p.queue = ?";

    this.save =
        "UPDATE "
            + jobs
            + " j SET body = ?::jsonb, priority = ?, wait_until = ?, dispatch_by = ?,"
            + " max_time_ms = ?, ready_at = CASE WHEN j.completed OR j.in_progress THEN j.ready_at"
            + " ELSE COALESCE(?, LEAST(j.ready_at, now())) END,"
            + " dep_type = ?, dep_version = ?, dep_edges = ?::text[], scopes = ?::text[],"
            + " max_attempts = ?, created_at = COALESCE(?, j.created_at),"
            + " mod_count = j.mod_count + 1"
            + " WHERE j.queue = ? AND j.id = ? AND NOT j.dropped AND (NOT j.in_progress"
            + " OR j.owner = ? OR j.updated_at < now() - ? * interval '1 millisecond')"
            + " RETURNING 1";
    this.completeUnowned =
        "WITH done AS (UPDATE "
            + jobs
            + " j SET completed = true, in_progress = false, canceled = false, owner = '',"
            + " mod_count = j.mod_count + 1, updated_at = now(), body = ?::jsonb,"
            + " errors = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), err_count = ?,"
            + " ended_at = ?, started_at = COALESCE(?, j.started_at)"
            + " WHERE j.queue = ? AND j.id = ? AND NOT j.completed AND NOT j.dropped"
            + " RETURNING j.id, j.mod_count, j.updated_at),"
            + " freed AS (DELETE FROM "
            + scopes
            + " s USING done WHERE s.queue = ? AND s.job_id = done.id)"
            + " SELECT id, mod_count, updated_at FROM done";
    this.delete =
        "WITH gone AS (DELETE FROM "
            + jobs
            + " WHERE queue = ? AND id = ? AND NOT in_progress RETURNING completed, dropped),"
            + countDeleted(schema)
            + " SELECT count(*) FROM gone";
    this.pruneCompleted =
        "WITH gone AS (DELETE FROM "
            + jobs
            + " WHERE queue = ? AND id IN (SELECT x.id FROM "
            + jobs
            + " x WHERE x.queue = ? AND (x.completed OR x.dropped)"
            + " AND COALESCE(x.ended_at, x.updated_at) < ? LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING completed, dropped),"
            + countDeleted(schema)
            + " SELECT count(*) FROM gone";
    this.attemptsOf =
        "SELECT attempt, started_at, ended_at, errors FROM "
            + schema
            + ".attempts WHERE queue = ? AND job_id = ? ORDER BY attempt";
  }

  /**
   * A CTE that adds the completed and dropped rows of the CTE {@code gone} to the queue's counters
   * (its one parameter is the queue name), so that counts survive the deletion of their rows.
   */
  static String countDeleted(String schema) {
    return " counted AS (INSERT INTO "
        + schema
        + ".queue_counters AS q (queue, completed, dropped)"
        + " SELECT ?, count(*) FILTER (WHERE completed), count(*) FILTER (WHERE dropped)"
        + " FROM gone HAVING count(*) FILTER (WHERE completed OR dropped) > 0"
        + " ON CONFLICT (queue) DO UPDATE SET completed = q.completed + EXCLUDED.completed,"
        + " dropped = q.dropped + EXCLUDED.dropped)";
  }

  /**
   * The guard of the statements that write the rows this instance holds (lock pings, completions),
   * whose expected counts come from {@code rows}: the row is still as this instance claimed or last
   * pinged it. Every write to a row raises its {@code mod_count}, so a row with this owner and this
   * count is in progress without saying so. Saying so ({@code AND j.in_progress}) let the planner
   * reach the rows through the partial index of running rows: with statistics taken while nothing
   * ran it expects one running row, so it read every running row of the queue and compared each
   * with every row of the batch (8-9 ms per completion of 100 rows in a 20,000-job burn-down).
   * Without it only the primary key fits, one lookup per row once the table has statistics; a new
   * table without any still has its queue read through the key's first column until autovacuum
   * analyzes it (docs/benchmarks.md).
   */
  private static String held(String rows) {
    return "j.owner = ? AND j.mod_count = " + rows + ".mod_count";
  }

  /**
   * Locks up to a batch of ready rows of one half of the ready indexes, in that index's order. The
   * claim merges both halves and keeps the first batch; a row the merge leaves out stays locked
   * until the claim's transaction ends, and the claim that left it out came back full, after which
   * its queue claims again as soon as a worker is free.
   */
  private static String pick(String jobs, String half, String ready, String order) {
    return "SELECT p.id, p.priority, p.ready_at FROM "
        + jobs
        + " p WHERE p.queue = ? AND "
        + half
        + " AND "
        + ready
        + " ORDER BY "
        + order
        + " LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  /**
   * A {@code text[]} from a JSON array of strings held in a text column. Rows pass lists this way
   * because an array of arrays must be rectangular; most lists are empty, and the {@code CASE}
   * spares those the subquery, which cost about 0.7 µs per row and list.
   */
  private static String textArray(String json) {
    return "CASE WHEN "
        + json
        + " = '[]' THEN '{}'::text[] ELSE ARRAY(SELECT jsonb_array_elements_text("
        + json
        + "::jsonb)) END";
  }

  /** Inserts the row {@code values} describe unless its id is taken, and notifies. */
  private static String insertOne(String jobs, String columns, String values) {
    return "INSERT INTO "
        + jobs
        + " ("
        + columns
        + ") SELECT "
        + values
        + " WHERE (SELECT pg_notify(?, ?)) IS NOT NULL ON CONFLICT (queue, id) DO NOTHING";
  }

  /**
   * Inserts the rows {@code select} makes from the unnested arrays and notifies once: all or none
   * (answering the row count), or skipping existing ids (answering the ids it inserted).
   */
  private static String insertAll(String jobs, String columns, String select, boolean skipping) {
    return "WITH ins AS (INSERT INTO "
        + jobs
        + " ("
        + columns
        + ") "
        + select
        + (skipping ? " ON CONFLICT (queue, id) DO NOTHING" : "")
        + " RETURNING id)"
        + (skipping ? " SELECT id" : " SELECT count(*)")
        + " FROM ins WHERE (SELECT pg_notify(?, ?)) IS NOT NULL";
  }

  /** The completion statement reading its rows from {@code rows}; frees scopes when given. */
  private static String completeStatement(String jobs, String rows, String scopes) {
    String done =
        "WITH done AS (UPDATE "
            + jobs
            + " j SET completed = c.completed, in_progress = false, canceled = c.canceled,"
            + " owner = '', mod_count = j.mod_count + 1, updated_at = now(),"
            + " body = COALESCE(c.body::jsonb, j.body), errors = "
            + textArray("c.errors")
            + ","
            + " err_count = jsonb_array_length(c.errors::jsonb),"
            + " started_at = COALESCE(c.started_at::timestamptz, j.started_at),"
            + " ended_at = c.ended_at::timestamptz,"
            + " wait_until = CASE WHEN c.ready_at IS NULL THEN j.wait_until"
            + " ELSE c.wait_until::timestamptz END,"
            + " ready_at = COALESCE(c.ready_at::timestamptz, j.ready_at),"
            + " attempt = COALESCE(c.attempt, j.attempt)"
            + rows
            + " AS c(id, mod_count, body, errors, started_at, ended_at, completed, canceled,"
            + " wait_until, ready_at, attempt)"
            + " WHERE j.queue = ? AND j.id = c.id AND "
            + held("c")
            + " RETURNING j.id, j.mod_count, j.updated_at)";
    if (scopes == null) {
      return done + " SELECT id, mod_count, updated_at FROM done";
    }
    return done
        + ", freed AS (DELETE FROM "
        + scopes
        + " s USING done WHERE s.queue = ? AND s.job_id = done.id)"
        + " SELECT id, mod_count, updated_at FROM done";
  }
}
