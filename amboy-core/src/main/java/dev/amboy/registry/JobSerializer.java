package dev.amboy.registry;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.amboy.Job;
import dev.amboy.JobCodec;
import dev.amboy.JobSerializationException;
import dev.amboy.JobType;
import dev.amboy.dependency.DependencyManager;
import dev.amboy.dependency.DependencyType;
import dev.amboy.job.AbstractJob;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes jobs as {@link JobInterchange} JSON and reads them back through a {@link JobRegistry}.
 *
 * <p>A job's payload is its fields: every non-static, non-transient field of its class, whatever
 * its visibility, unless marked {@code @JsonIgnore}. Getters and setters are not used, so a job
 * class needs neither.
 */
public final class JobSerializer implements JobCodec {

  private final JobRegistry registry;
  private final JsonMapper mapper;

  JobSerializer(JobRegistry registry, JsonMapper mapper) {
    this.registry = registry;
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * The mapper settings amboy expects: fields of any visibility are properties, accessor methods
   * and constructors are not (a job is filled in after its factory made it; records and
   * {@code @JsonCreator} types inside a payload still work), a missing number reads as zero, and
   * times are ISO-8601 strings, written and read by a codec that is several times faster than the
   * general java.time formatter for the one shape amboy writes.
   */
  public static JsonMapper.Builder defaultMapperBuilder() {
    return JsonMapper.builder()
        .changeDefaultVisibility(
            checker ->
                checker
                    .withFieldVisibility(Visibility.ANY)
                    .withGetterVisibility(Visibility.NONE)
                    .withIsGetterVisibility(Visibility.NONE)
                    .withSetterVisibility(Visibility.NONE)
                    .withCreatorVisibility(Visibility.NONE))
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .addModule(new IsoInstantModule());
  }

  public static JsonMapper defaultMapper() {
    return defaultMapperBuilder().build();
  }

  /** The mapper used for envelopes and payloads. */
  public JsonMapper mapper() {
    return mapper;
  }

  /**
   * The stored form of a job.
   *
   * @throws JobSerializationException when the job's type is local-only or its fields cannot be
   *     written
   */
  public JobInterchange toInterchange(Job job) {
    JobType type = job.type();
    if (type.isLocalOnly()) {
      throw new JobSerializationException(
          "job '"
              + job.id()
              + "' has the local-only type "
              + type
              + " (a negative version) and cannot be stored; run it on an in-memory queue or give"
              + " it a registered type with a version >= 0");
    }
    try {
      JsonNode body = mapper.valueToTree(job);
      DependencyManager dependency = job.dependency();
      DependencyType dependencyType = dependency.type();
      DependencyInterchange dependencyForm =
          new DependencyInterchange(
              dependencyType.name(),
              dependencyType.version(),
              dependency.edges(),
              mapper.valueToTree(dependency));
      return new JobInterchange(
          job.id(),
          type.name(),
          type.version(),
          job.priority(),
          job.status(),
          job.timeInfo(),
          job.scopes(),
          job.headers(),
          job.retryInfo().isInitial() ? null : job.retryInfo(),
          body,
          dependencyForm);
    } catch (JacksonException e) {
      throw new JobSerializationException(
          "cannot write job '"
              + job.id()
              + "' of type "
              + type
              + ": "
              + e.getOriginalMessage()
              + "; mark fields that are not payload transient or @JsonIgnore",
          e);
    }
  }

  /**
   * Rebuilds a job: creates it through the registry (checking the version), sets its fields from
   * the payload, then its metadata and dependency.
   *
   * @throws dev.amboy.UnknownJobTypeException when the type is not registered
   * @throws dev.amboy.JobVersionMismatchException when the version is not registered
   * @throws JobSerializationException when the payload does not fit the class
   */
  public Job resolve(JobInterchange form) {
    if (form.id() == null || form.id().isBlank()) {
      throw new JobSerializationException("stored job has no id");
    }
    if (form.type() == null || form.type().isBlank()) {
      throw new JobSerializationException("stored job '" + form.id() + "' has no type");
    }
    JobType type = JobType.of(form.type(), form.version());
    Job job = registry.create(type);
    try {
      if (form.job() != null && !form.job().isNull()) {
        mapper.readerForUpdating(job).readValue(form.job());
      }
    } catch (JacksonException e) {
      throw new JobSerializationException(
          "cannot read the fields of job '"
              + form.id()
              + "' of type "
              + type
              + " into "
              + job.getClass().getName()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (job instanceof AbstractJob base) {
      base.setId(form.id());
    } else {
      if (!form.id().equals(job.id())) {
        throw new JobSerializationException(
            "job class "
                + job.getClass().getName()
                + " does not restore its id from its fields (read '"
                + job.id()
                + "', stored '"
                + form.id()
                + "'); extend AbstractJob or store the id as a field");
      }
    }
    job.setTimeInfo(form.timeInfo());
    job.setPriority(form.priority());
    if (form.retry() != null) {
      job.setRetryInfo(form.retry());
    }
    job.setStatus(form.status());
    job.setScopes(form.scopes());
    if (!form.headers().isEmpty()) {
      job.headers().putAll(form.headers());
    }
    if (form.dependency() != null) {
      job.setDependency(resolveDependency(form.id(), form.dependency()));
    }
    return job;
  }

  private DependencyManager resolveDependency(String jobId, DependencyInterchange form) {
    DependencyManager dependency =
        registry.createDependency(new DependencyType(form.type(), form.version()));
    try {
      if (form.dependency() != null && !form.dependency().isNull()) {
        mapper.readerForUpdating(dependency).readValue(form.dependency());
      }
    } catch (JacksonException e) {
      throw new JobSerializationException(
          "cannot read the dependency of job '" + jobId + "': " + e.getOriginalMessage(), e);
    }
    form.edges().forEach(dependency::addEdge);
    return dependency;
  }

  /** The job as an envelope JSON string. */
  public String toJson(Job job) {
    return writeInterchange(toInterchange(job));
  }

  /** Rebuilds a job from an envelope JSON string. */
  public Job fromJson(String json) {
    return resolve(readInterchange(json));
  }

  public String writeInterchange(JobInterchange form) {
    try {
      return mapper.writeValueAsString(form);
    } catch (JacksonException e) {
      throw new JobSerializationException(
          "cannot write job '" + form.id() + "': " + e.getOriginalMessage(), e);
    }
  }

  public JobInterchange readInterchange(String json) {
    try {
      return mapper.readValue(json, JobInterchange.class);
    } catch (JacksonException e) {
      throw new JobSerializationException("malformed job envelope: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public JsonNode encode(Job job) {
    return mapper.valueToTree(toInterchange(job));
  }

  @Override
  public Job decode(JsonNode envelope) {
    try {
      return resolve(mapper.treeToValue(envelope, JobInterchange.class));
    } catch (JacksonException e) {
      throw new JobSerializationException("malformed job envelope: " + e.getOriginalMessage(), e);
    }
  }
}
