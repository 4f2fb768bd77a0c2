package dev.amboy.benchmarks.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * CPU time of a PostgreSQL server on this machine, read from {@code /proc}: the postmaster's own
 * and reaped children's time plus the time of its live children (backends, WAL writer,
 * checkpointer). A backend that exits between two samples moves its time from the second part to
 * the first, so the difference of two samples is the server's CPU time in between. On 2 cores the
 * JVM and the database compete, so every figure is shown beside both.
 */
final class DatabaseCpu {

  /** Clock ticks per second of {@code /proc/<pid>/stat} times ({@code USER_HZ}, 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private static final Path PROC = Path.of("/proc");

  private static volatile long postmaster = -1;

  private DatabaseCpu() {}

  /**
   * Finds the server behind {@code dataSource} when it runs on this machine under Linux; otherwise
   * {@link #sampleNanos()} reports -1.
   */
  static void locate(DataSource dataSource) {
    if (!Files.isDirectory(PROC)) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      long[] backend = stat(rs.getLong(1));
      if (backend != null) {
        postmaster = backend[0];
      }
    } catch (SQLException e) {
      postmaster = -1;
    }
  }

  /** The server's CPU time so far in nanoseconds, or -1 when it is not known. */
  static long sampleNanos() {
    long root = postmaster;
    if (root < 0) {
      return -1;
    }
    long[] own = stat(root);
    if (own == null) {
      return -1;
    }
    long ticks = own[2];
    try (Stream<Path> entries = Files.list(PROC)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        long[] child = stat(Long.parseLong(name));
        if (child != null && child[0] == root) {
          ticks += child[1];
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /**
   * The parent pid, the process's own CPU ticks and its own plus reaped children's CPU ticks, or
   * null when the process is gone or cannot be read.
   */
  private static long[] stat(long pid) {
    String line;
    try {
      line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
    } catch (IOException e) {
      return null;
    }
    // the command name (field 2) may hold spaces; the fields after it are plain numbers
    String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    long parent = Long.parseLong(fields[1]);
    long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    long children = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    return new long[] {parent, own, own + children};
  }
}
