package dev.amboy.postgres;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.job.AbstractJob;
import dev.amboy.registry.JobRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A test job whose behaviour is in its payload: it records, under its trace name, the order in
 * which jobs started and how often each ran, may sleep, and (in worker processes) writes one row
 * per run into an executions table.
 */
public final class TraceJob extends AbstractJob {

  public static final JobType TYPE = JobType.of("trace-job", 1);

  private static final Map<String, ConcurrentLinkedQueue<String>> STARTS =
      new ConcurrentHashMap<>();
  private static final Map<String, Map<String, AtomicInteger>> RUNS = new ConcurrentHashMap<>();
  private static volatile DataSource executions;
  private static volatile String executionsTable;
  private static volatile String worker;

  private String trace;
  private long sleepMillis;

  /** For the registry. */
  public TraceJob() {
    super(TYPE);
  }

  public TraceJob(String id, String trace) {
    super(id, TYPE);
    this.trace = trace;
  }

  public static JobRegistry register(JobRegistry registry) {
    if (!registry.isRegistered(TYPE)) {
      registry.register(TYPE, TraceJob::new);
    }
    return registry;
  }

  /** Makes every run in this JVM insert {@code (job_id, worker)} into {@code table}. */
  static void recordExecutionsIn(DataSource dataSource, String table, String workerName) {
    executions = dataSource;
    executionsTable = table;
    worker = workerName;
  }

  public TraceJob sleep(long millis) {
    this.sleepMillis = millis;
    return this;
  }

  @Override
  public void run(JobContext context) throws Exception {
    STARTS.computeIfAbsent(trace, k -> new ConcurrentLinkedQueue<>()).add(id());
    if (sleepMillis > 0) {
      Thread.sleep(sleepMillis);
    }
    RUNS.computeIfAbsent(trace, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(id(), k -> new AtomicInteger())
        .incrementAndGet();
    DataSource target = executions;
    if (target != null) {
      try (Connection connection = target.getConnection();
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO " + executionsTable + " (job_id, worker) VALUES (?, ?)")) {
        insert.setString(1, id());
        insert.setString(2, worker);
        insert.executeUpdate();
      }
    }
  }

  /** The ids of the jobs of a trace in the order they started. */
  static List<String> starts(String trace) {
    ConcurrentLinkedQueue<String> starts = STARTS.get(trace);
    return starts == null ? List.of() : List.copyOf(starts);
  }

  /** How often each job of a trace ran to the end. */
  static Map<String, Integer> runs(String trace) {
    Map<String, Integer> copy = new ConcurrentHashMap<>();
    RUNS.getOrDefault(trace, Map.of()).forEach((id, count) -> copy.put(id, count.get()));
    return copy;
  }
}
