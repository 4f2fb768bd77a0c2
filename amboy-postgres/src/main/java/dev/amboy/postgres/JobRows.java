package dev.amboy.postgres;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.amboy.JobSerializationException;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.registry.DependencyInterchange;
import dev.amboy.registry.JobInterchange;
import dev.amboy.retry.RetryInfo;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a job is split between its row's columns and its {@code body}. The columns hold everything
 * dispatch, locking and reports need (id, type, version, priority, status, the times and limits,
 * the dependency's type, version and edges, the scopes); {@code body} holds only the rest: the
 * job's own fields, its headers, its retry state, start and end times the columns do not hold, and
 * a dependency's own fields. Storing the whole envelope as well made PostgreSQL parse about 160
 * characters of JSON per job into {@code jsonb} that every read then overrode with the columns; for
 * most jobs the body is now just {@code {"job":{…}}}.
 *
 * <p>Rows written with the whole envelope still read: the columns win and the envelope's other keys
 * are ignored.
 */
final class JobRows {

  /** The columns every read of a job needs. */
  private static final List<String> JOB =
      List.of(
          "id",
          "type",
          "version",
          "priority",
          "body::text AS body",
          "mod_count",
          "updated_at",
          "errors",
          "created_at",
          "wait_until",
          "dispatch_by",
          "max_time_ms",
          "dep_type",
          "dep_version",
          "dep_edges",
          "scopes");

  /** The columns a job is read from by {@link #read} with its status and start and end times. */
  private static final List<String> READ =
      Stream.concat(
              JOB.stream(),
              Stream.of("completed", "in_progress", "canceled", "owner", "started_at", "ended_at"))
          .toList();

  /**
   * The columns a claim answers: what {@link #read} needs when the start time comes from the body
   * and the status is known (the claim just set it), and the dispatch order.
   */
  private static final List<String> CLAIMED =
      Stream.concat(JOB.stream(), Stream.of("ready_at")).toList();

  /** The columns a job is read from, for a {@code SELECT} list. */
  static String columns(String alias) {
    return qualified(READ, alias);
  }

  /** The columns of a claimed or dropped row, for the claim's {@code RETURNING} clauses. */
  static String claimedColumns(String alias) {
    return qualified(CLAIMED, alias);
  }

  private static String qualified(List<String> names, String alias) {
    return names.stream().map(column -> alias + "." + column).collect(Collectors.joining(", "));
  }

  /** The part of a job its columns do not hold; each key is left out when empty. */
  @JsonPropertyOrder({"time_info", "headers", "retry", "job", "dependency"})
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Body(
      @JsonProperty("time_info") JobTimeInfo timeInfo,
      @JsonProperty("headers") Map<String, String> headers,
      @JsonProperty("retry") RetryInfo retry,
      @JsonProperty("job") JsonNode job,
      @JsonProperty("dependency") DependencyInterchange dependency) {}

  /**
   * The columns a job may change while it runs, as a completion sends them (one JSON text rather
   * than ten parameters that would be NULL for nearly every completed job).
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ColumnValues(
      @JsonProperty("priority") int priority,
      @JsonProperty("scopes") List<String> scopes,
      @JsonProperty("dep_type") String dependencyType,
      @JsonProperty("dep_version") int dependencyVersion,
      @JsonProperty("dep_edges") List<String> dependencyEdges,
      @JsonProperty("created_at") Instant created,
      @JsonProperty("wait_until") Instant waitUntil,
      @JsonProperty("dispatch_by") Instant dispatchBy,
      @JsonProperty("max_time_ms") Long maxTimeMillis,
      @JsonProperty("max_attempts") Integer maxAttempts) {}

  private final ObjectWriter writer;
  private final ObjectReader reader;
  private final ObjectWriter columnWriter;

  JobRows(JsonMapper mapper) {
    this.writer = mapper.writerFor(Body.class);
    this.reader = mapper.readerFor(Body.class);
    this.columnWriter = mapper.writerFor(ColumnValues.class);
  }

  /** The values of {@link ColumnValues} for a job, as JSON. */
  String columnValues(JobInterchange form) {
    JobTimeInfo times = form.timeInfo();
    DependencyInterchange dependency = form.dependency();
    RetryInfo retry = form.retry();
    try {
      return columnWriter.writeValueAsString(
          new ColumnValues(
              form.priority(),
              List.copyOf(form.scopes()),
              dependency == null ? "always" : dependency.type(),
              dependency == null ? 0 : dependency.version(),
              dependency == null ? List.of() : dependency.edges(),
              times.created(),
              times.waitUntil(),
              times.dispatchBy(),
              times.maxTime() == null ? null : times.maxTime().toMillis(),
              retry == null || retry.policy() == null ? null : retry.policy().maxAttempts()));
    } catch (JacksonException e) {
      throw new JobSerializationException(
          "cannot write job '" + form.id() + "': " + e.getOriginalMessage(), e);
    }
  }

  /** The {@code body} to store for a job. */
  String body(JobInterchange form) {
    JobTimeInfo times = form.timeInfo();
    JobTimeInfo ownTimes =
        times.start() == null && times.end() == null
            ? null
            : JobTimeInfo.empty().withStart(times.start()).withEnd(times.end());
    JsonNode dependencyFields = form.dependency() == null ? null : form.dependency().dependency();
    DependencyInterchange ownDependency =
        dependencyFields == null
                || dependencyFields.isNull()
                || (dependencyFields.isContainer() && dependencyFields.isEmpty())
            ? null
            : new DependencyInterchange(null, 0, List.of(), dependencyFields);
    try {
      return writer.writeValueAsString(
          new Body(ownTimes, form.headers(), form.retry(), form.job(), ownDependency));
    } catch (JacksonException e) {
      throw new JobSerializationException(
          "cannot write job '" + form.id() + "': " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The job in the current row of {@code rs}, with the given status.
   *
   * @param startFromColumn whether the row's start and end times win over the ones in {@code body}
   *     (rows selected with {@link #columns}); a claim sets the start column to the claim's time,
   *     which is not yet the job's start, and answers neither ({@link #claimedColumns})
   * @throws JobSerializationException when {@code body} is not valid JSON of the expected shape
   */
  JobInterchange read(ResultSet rs, JobStatus status, boolean startFromColumn) throws SQLException {
    String id = rs.getString("id");
    Body body;
    try {
      body = reader.readValue(rs.getString("body"));
    } catch (JacksonException e) {
      throw new JobSerializationException(
          "malformed body of job '" + id + "': " + e.getOriginalMessage(), e);
    }
    JobTimeInfo bodyTimes = body.timeInfo() == null ? JobTimeInfo.empty() : body.timeInfo();
    Instant started = startFromColumn ? Jdbc.getInstant(rs, "started_at") : null;
    long maxTimeMillis = rs.getLong("max_time_ms");
    Duration maxTime = rs.wasNull() ? null : Duration.ofMillis(maxTimeMillis);
    JobTimeInfo times =
        new JobTimeInfo(
            Jdbc.getInstant(rs, "created_at"),
            started != null ? started : bodyTimes.start(),
            startFromColumn ? Jdbc.getInstant(rs, "ended_at") : bodyTimes.end(),
            Jdbc.getInstant(rs, "wait_until"),
            Jdbc.getInstant(rs, "dispatch_by"),
            maxTime);
    DependencyInterchange dependency =
        new DependencyInterchange(
            rs.getString("dep_type"),
            rs.getInt("dep_version"),
            textList(rs, "dep_edges"),
            body.dependency() == null ? null : body.dependency().dependency());
    return new JobInterchange(
        id,
        rs.getString("type"),
        rs.getInt("version"),
        rs.getInt("priority"),
        status,
        times,
        new LinkedHashSet<>(textList(rs, "scopes")),
        body.headers(),
        body.retry(),
        body.job(),
        dependency);
  }

  /** The status the row's columns hold. */
  static JobStatus status(ResultSet rs) throws SQLException {
    return new JobStatus(
        rs.getString("owner"),
        rs.getBoolean("completed"),
        rs.getBoolean("in_progress"),
        rs.getBoolean("canceled"),
        Jdbc.getInstant(rs, "updated_at"),
        rs.getLong("mod_count"),
        textList(rs, "errors"));
  }

  /** A text array column; the common empty array is answered without the driver's array parser. */
  static List<String> textList(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    if (text == null || text.equals("{}")) {
      return List.of();
    }
    Array array = rs.getArray(column);
    return Arrays.asList((String[]) array.getArray());
  }
}
