-- amboy for Java: PostgreSQL schema, version 1.
--
-- ${schema} is the schema name (default "amboy"). PostgresSchema replaces it at run time; with Flyway
-- or Liquibase define a placeholder/property named "schema", or replace it before applying the file.
-- Every statement is idempotent, so applying the file twice changes nothing.

CREATE SCHEMA IF NOT EXISTS ${schema};

-- One row per installed schema version.
CREATE TABLE IF NOT EXISTS ${schema}.schema_version (
  version      integer     PRIMARY KEY,
  description  text        NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per job. The queue column holds the queue name (for queue groups "<group>/<queue>").
-- body is the job's JSON envelope (dev.amboy.registry.JobInterchange); the other columns are what
-- dispatch, locking and reports need, and win over the envelope where both hold a value.
CREATE TABLE IF NOT EXISTS ${schema}.jobs (
  queue        text COLLATE "C" NOT NULL,
  id           text COLLATE "C" NOT NULL,
  type         text        NOT NULL,
  version      integer     NOT NULL,
  priority     integer     NOT NULL DEFAULT 0,
  body         jsonb       NOT NULL,
  -- status: exactly one of pending (all false), in progress, completed, dropped (see below)
  completed    boolean     NOT NULL DEFAULT false,
  in_progress  boolean     NOT NULL DEFAULT false,
  dropped      boolean     NOT NULL DEFAULT false,
  canceled     boolean     NOT NULL DEFAULT false,
  owner        text        NOT NULL DEFAULT '',
  mod_count    bigint      NOT NULL DEFAULT 0,
  errors       text[]      NOT NULL DEFAULT '{}',
  err_count    integer     NOT NULL DEFAULT 0,
  -- times: created/started/ended are the queue's clock; updated_at (lock time) is the database's
  created_at   timestamptz NOT NULL,
  started_at   timestamptz,
  ended_at     timestamptz,
  wait_until   timestamptz,
  dispatch_by  timestamptz,
  max_time_ms  bigint,
  -- when the job may be dispatched: its wait-until, or when it was put
  ready_at     timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  -- dependency and scopes
  dep_type     text        NOT NULL DEFAULT 'always',
  dep_version  integer     NOT NULL DEFAULT 0,
  dep_edges    text[] COLLATE "C" NOT NULL DEFAULT '{}',
  scopes       text[] COLLATE "C" NOT NULL DEFAULT '{}',
  -- retries: the current attempt (1-based) and the job's own maximum (NULL: the queue's policy)
  attempt      integer     NOT NULL DEFAULT 1,
  max_attempts integer,
  PRIMARY KEY (queue, id)
);
-- At most one of completed, in_progress and dropped is true: every statement of the queue keeps
-- that, and there is no CHECK constraint for it because PostgreSQL reads a CHECK back from its
-- stored text and compiles it on every execution of an INSERT or UPDATE, about 6% of a single put.

-- Pending rows in dispatch order; only pending rows are indexed, so claims never scan finished ones.
-- Priority 0, the default, has an index of its own, and only rows with another priority are indexed
-- twice (by ready time, and by priority for queues that dispatch by priority): a job put with
-- priority 0 updates one ready index instead of two. Claims read both halves and merge them.
CREATE INDEX IF NOT EXISTS jobs_ready_default_priority_idx ON ${schema}.jobs (queue, ready_at)
  WHERE priority = 0 AND NOT completed AND NOT in_progress AND NOT dropped;
CREATE INDEX IF NOT EXISTS jobs_ready_other_priority_idx ON ${schema}.jobs (queue, ready_at)
  WHERE priority <> 0 AND NOT completed AND NOT in_progress AND NOT dropped;
CREATE INDEX IF NOT EXISTS jobs_ready_by_priority_idx ON ${schema}.jobs (queue, priority DESC, ready_at)
  WHERE priority <> 0 AND NOT completed AND NOT in_progress AND NOT dropped;
-- Pending rows with a dispatch deadline, for dropping the ones that missed it.
CREATE INDEX IF NOT EXISTS jobs_dispatch_by_idx ON ${schema}.jobs (queue, dispatch_by)
  WHERE dispatch_by IS NOT NULL AND NOT completed AND NOT in_progress AND NOT dropped;
-- Locked rows by lock time, for lock pings and for taking over stale locks.
CREATE INDEX IF NOT EXISTS jobs_running_idx ON ${schema}.jobs (queue, updated_at)
  WHERE in_progress;
-- Finished rows by end time, for retention and reports.
CREATE INDEX IF NOT EXISTS jobs_completed_idx ON ${schema}.jobs (queue, ended_at)
  WHERE completed;

-- Scopes held by running jobs: at most one holder per scope within a queue.
CREATE TABLE IF NOT EXISTS ${schema}.scopes (
  queue       text COLLATE "C" NOT NULL,
  scope       text COLLATE "C" NOT NULL,
  job_id      text COLLATE "C" NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (queue, scope),
  FOREIGN KEY (queue, job_id) REFERENCES ${schema}.jobs (queue, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS scopes_job_idx ON ${schema}.scopes (queue, job_id);

-- One row per finished attempt of a job that was retried.
CREATE TABLE IF NOT EXISTS ${schema}.attempts (
  queue      text COLLATE "C" NOT NULL,
  job_id     text COLLATE "C" NOT NULL,
  attempt    integer     NOT NULL,
  started_at timestamptz,
  ended_at   timestamptz NOT NULL,
  errors     text[]      NOT NULL DEFAULT '{}',
  PRIMARY KEY (queue, job_id, attempt),
  FOREIGN KEY (queue, job_id) REFERENCES ${schema}.jobs (queue, id) ON DELETE CASCADE
);

-- Completed and dropped jobs whose rows were deleted (retention, prune, delete), so that a queue's
-- counts keep every job it ever finished.
CREATE TABLE IF NOT EXISTS ${schema}.queue_counters (
  queue     text COLLATE "C" PRIMARY KEY,
  completed bigint NOT NULL DEFAULT 0,
  dropped   bigint NOT NULL DEFAULT 0
);

INSERT INTO ${schema}.schema_version (version, description)
  VALUES (1, 'jobs, scopes, attempts, queue counters')
  ON CONFLICT (version) DO NOTHING;
