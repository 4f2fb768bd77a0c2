package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobType;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.UnknownJobTypeException;
import dev.amboy.job.AbstractJob;
import dev.amboy.registry.JobRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts jobs into queues by name from application code: a registered job type with its payload, or a
 * job object. Queues are named as in {@code amboy.queues} (or any {@code Queue} bean); a group's
 * queue is {@code <group>:<queue>} and is created on first use.
 *
 * <p>A job created from a type is made by the {@link JobRegistry}, so an {@code @AmboyJob} class
 * gets its collaborators injected; its payload (a {@code Map} or any object Jackson can write)
 * fills its fields, and a payload field the job does not have is an error.
 */
public class AmboyTemplate {

  private static final Duration WAIT_POLL = Duration.ofMillis(10);

  private final AmboyQueues queues;
  private final JobRegistry registry;

  public AmboyTemplate(AmboyQueues queues, JobRegistry registry) {
    this.queues = queues;
    this.registry = registry;
  }

  /**
   * Creates a job of the highest registered version of {@code type} and puts it into {@code queue}.
   *
   * @param payload the job's field values (a {@code Map} or an object), or {@code null}
   * @return the job as it was put, with its id
   */
  public Job put(String queue, String type, Object payload) {
    return put(queue, create(type, payload));
  }

  /** Creates a job of {@code type} with {@code payload} and puts it into {@code queue}. */
  public Job put(String queue, JobType type, Object payload) {
    return put(queue, create(type, payload));
  }

  /**
   * Puts a job into {@code queue}.
   *
   * @return the job
   * @throws IllegalArgumentException when there is no such queue
   */
  public <J extends Job> J put(String queue, J job) {
    resolve(queue).put(job);
    return job;
  }

  /**
   * Creates a job of the highest registered version of {@code type}, without putting it anywhere
   * (to add dependencies first, for example).
   *
   * @throws UnknownJobTypeException when the type is not registered
   * @throws IllegalArgumentException when the payload does not fit the job class
   */
  public Job create(String type, Object payload) {
    int version =
        registry.jobTypes().stream()
            .filter(candidate -> candidate.name().equals(type))
            .max(Comparator.comparingInt(JobType::version))
            .orElseThrow(() -> new UnknownJobTypeException("job", type, registry.jobTypeNames()))
            .version();
    return create(JobType.of(type, version), payload);
  }

  /**
   * Creates a job of the highest registered version of {@code type} with a chosen id, for example
   * to make a put idempotent or to name the jobs other jobs depend on.
   *
   * @throws IllegalArgumentException when the job class does not take its id from outside (it does
   *     not extend {@link AbstractJob})
   */
  public Job create(String type, String id, Object payload) {
    Job job = create(type, payload);
    if (!(job instanceof AbstractJob base)) {
      throw new IllegalArgumentException(
          "job type '"
              + type
              + "' is made by "
              + job.getClass().getName()
              + ", which does not extend AbstractJob and so cannot be given the id '"
              + id
              + "'");
    }
    base.setId(id);
    return job;
  }

  /** Creates a job of exactly this type and version with {@code payload}. */
  public Job create(JobType type, Object payload) {
    Job job = registry.create(type);
    if (payload == null) {
      return job;
    }
    JsonMapper mapper = registry.serializer().mapper();
    try {
      JsonNode fields = mapper.valueToTree(payload);
      if (!fields.isObject()) {
        throw new IllegalArgumentException(
            "the payload of a "
                + type
                + " job must be an object of field values but was "
                + fields.getNodeType());
      }
      mapper
          .readerForUpdating(job)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(fields);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "the payload does not fit job type "
              + type
              + " ("
              + job.getClass().getName()
              + "): "
              + e.getOriginalMessage(),
          e);
    }
    return job;
  }

  /** The job with this id in {@code queue}, in whatever state it is. */
  public Optional<Job> get(String queue, String jobId) {
    return resolve(queue).get(jobId);
  }

  /**
   * Waits up to {@code timeout} for a job to complete.
   *
   * @return the completed job, or empty when it did not complete in time
   * @throws JobNotDefinedException when the queue does not hold the job
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Optional<Job> await(String queue, String jobId, Duration timeout)
      throws InterruptedException {
    Queue target = resolve(queue);
    if (target.get(jobId).isEmpty()) {
      throw new JobNotDefinedException(target.id(), jobId);
    }
    if (!Amboy.waitJobInterval(target, jobId, WAIT_POLL, timeout)) {
      return Optional.empty();
    }
    return target.get(jobId);
  }

  /**
   * The queue with this name; a group's queue is {@code <group>:<queue>}, created on first use.
   *
   * @throws IllegalArgumentException naming the known queues when there is none
   */
  public Queue queue(String name) {
    return resolve(name);
  }

  /**
   * The queue group with this name.
   *
   * @throws IllegalArgumentException naming the known groups when there is none
   */
  public QueueGroup group(String name) {
    QueueGroup group = queues.groups().get(name);
    if (group == null) {
      throw new IllegalArgumentException(
          "there is no queue group named '" + name + "'; groups: " + queues.groups().keySet());
    }
    return group;
  }

  private Queue resolve(String name) {
    return queues.resolve(name);
  }
}
