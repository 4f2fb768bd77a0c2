package dev.amboy.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;

/**
 * A worker process for {@link WorkerProcessIT}: runs one PostgreSQL queue until it is killed (or
 * closes it gracefully on SIGTERM). Arguments: JDBC URL, schema, queue name, worker name, lock
 * timeout in milliseconds, worker threads.
 */
public final class WorkerMain {

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    String queueName = args[2];
    String worker = args[3];
    Duration lockTimeout = Duration.ofMillis(Long.parseLong(args[4]));
    int threads = Integer.parseInt(args[5]);
    HikariDataSource dataSource = TestDatabase.pool(url, threads + 4);
    TraceJob.recordExecutionsIn(dataSource, schema + ".executions", worker);
    PostgresQueue queue =
        new PostgresQueue(
            PostgresQueueOptions.builder(
                    queueName, dataSource, TraceJob.register(new JobRegistry()))
                .schema(schema)
                .workers(threads)
                .lockTimeout(lockTimeout)
                .claimBatchSize(8)
                .pollInterval(Duration.ofMillis(200))
                .build());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  queue.close(Duration.ofSeconds(5));
                  dataSource.close();
                }));
    queue.start();
    System.out.println("READY " + queue.owner());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
