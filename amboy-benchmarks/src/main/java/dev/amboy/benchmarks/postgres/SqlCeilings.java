package dev.amboy.benchmarks.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * What the database itself allows, driven over plain JDBC on a lean job table: claiming with {@code
 * FOR UPDATE SKIP LOCKED} and completing by id, and inserting rows. Every statement commits on its
 * own (auto-commit), so each claim and each completion round trip is one durable commit.
 */
final class SqlCeilings {

  /** Rows per multi-row INSERT, the same batch size the amboy {@code putAll} trial uses. */
  static final int INSERT_BATCH = 1_000;

  private static final String CREATE =
      """
      CREATE TABLE ceiling_jobs (
        id        bigint      PRIMARY KEY,
        queue     text        NOT NULL,
        body      jsonb       NOT NULL,
        state     smallint    NOT NULL DEFAULT 0,
        owner     text,
        locked_at timestamptz,
        ready_at  timestamptz NOT NULL DEFAULT now(),
        ended_at  timestamptz
      );
      CREATE INDEX ceiling_jobs_ready_idx ON ceiling_jobs (queue, ready_at) WHERE state = 0;
      """;

  private static final String CLAIM =
      """
      UPDATE ceiling_jobs SET state = 1, owner = ?, locked_at = now()
      WHERE id IN (
        SELECT id FROM ceiling_jobs WHERE queue = 'bench' AND state = 0
        ORDER BY ready_at LIMIT ? FOR UPDATE SKIP LOCKED)
      RETURNING id, body
      """;

  private static final String COMPLETE =
      "UPDATE ceiling_jobs SET state = 2, ended_at = now(), locked_at = NULL"
          + " WHERE id = ANY(?) AND owner = ?";

  private SqlCeilings() {}

  static void createTable(DataSource dataSource) throws SQLException {
    BenchDatabase.execute(dataSource, CREATE);
  }

  /** Inserts {@code rows} rows with multi-row INSERTs of {@link #INSERT_BATCH} rows each. */
  static long insertMultiRow(DataSource dataSource, int rows) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      int done = 0;
      while (done < rows) {
        int batch = Math.min(INSERT_BATCH, rows - done);
        try (PreparedStatement insert = connection.prepareStatement(insertSql(batch))) {
          int p = 1;
          for (int i = done; i < done + batch; i++) {
            insert.setLong(p++, i);
            insert.setString(p++, body(i));
          }
          insert.executeUpdate();
        }
        done += batch;
      }
      return done;
    }
  }

  /** Inserts {@code rows} rows, one INSERT and one commit each, from one connection. */
  static long insertSingleRows(DataSource dataSource, int rows) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(insertSql(1))) {
      for (int i = 0; i < rows; i++) {
        insert.setLong(1, i);
        insert.setString(2, body(i));
        insert.executeUpdate();
      }
      return rows;
    }
  }

  /**
   * Burns the table down with {@code workers} threads, each on its own connection: claim up to
   * {@code claimSize} rows (one commit), then complete them with one UPDATE (one commit), until a
   * claim finds nothing.
   *
   * @return the number of rows completed
   */
  static long burnDown(DataSource dataSource, int workers, int claimSize) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        String owner = "worker-" + w;
        results.add(pool.submit(() -> work(dataSource, owner, claimSize)));
      }
      long total = 0;
      for (Future<Long> result : results) {
        total += result.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long work(DataSource dataSource, String owner, int claimSize) throws SQLException {
    long completed = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement claim = connection.prepareStatement(CLAIM);
        PreparedStatement complete = connection.prepareStatement(COMPLETE)) {
      List<Long> ids = new ArrayList<>(claimSize);
      while (true) {
        ids.clear();
        claim.setString(1, owner);
        claim.setInt(2, claimSize);
        try (ResultSet rows = claim.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getLong(1));
            rows.getString(2);
          }
        }
        if (ids.isEmpty()) {
          return completed;
        }
        Array array = connection.createArrayOf("bigint", ids.toArray());
        complete.setArray(1, array);
        complete.setString(2, owner);
        completed += complete.executeUpdate();
        array.free();
      }
    }
  }

  private static String insertSql(int rows) {
    StringBuilder sql = new StringBuilder("INSERT INTO ceiling_jobs (id, queue, body) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, 'bench', ?::jsonb)");
    }
    return sql.toString();
  }

  private static String body(int i) {
    return "{\"type\":\"bench-noop\",\"version\":1,\"id\":\"job-" + i + "\"}";
  }
}
