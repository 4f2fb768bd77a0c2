package dev.amboy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a job's execution state: who holds its lock, whether it is running or complete, and
 * the errors it recorded. Immutable; jobs hand out a new snapshot on every call.
 *
 * <p>As JSON a status leaves out what is false, zero or empty (a new job's status is {@code {}}):
 * readers take a missing key as that default, and every stored job is that much smaller to write,
 * store and parse.
 *
 * @param owner the id of the queue instance holding the job's lock, empty when unlocked
 * @param completed whether the job has finished (successfully or not)
 * @param inProgress whether the job is locked by a worker
 * @param canceled whether the last run was interrupted by its queue closing or losing the lock; a
 *     canceled job is released and dispatched again, never completed
 * @param modificationTime when the lock was last taken, pinged or released; a lock older than the
 *     queue's lock timeout is stale
 * @param modificationCount incremented on every lock, ping, unlock and completion
 * @param errors the messages of every error the job recorded, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(value = "err_count", allowGetters = true)
public record JobStatus(
    @JsonProperty("owner") String owner,
    @JsonProperty("completed") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean completed,
    @JsonProperty("in_progress") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean inProgress,
    @JsonProperty("canceled") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean canceled,
    @JsonProperty("mod_time") Instant modificationTime,
    @JsonProperty("mod_count") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long modificationCount,
    @JsonProperty("errors") List<String> errors) {

  private static final JobStatus NEW = new JobStatus("", false, false, false, null, 0, List.of());

  public JobStatus {
    owner = owner == null ? "" : owner;
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** The status of a job that has never been dispatched. */
  public static JobStatus initial() {
    return NEW;
  }

  @JsonProperty("err_count")
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  public int errorCount() {
    return errors.size();
  }

  @JsonIgnore
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public JobStatus withCompleted(boolean value) {
    return new JobStatus(
        owner, value, inProgress, canceled, modificationTime, modificationCount, errors);
  }

  public JobStatus withInProgress(boolean value) {
    return new JobStatus(
        owner, completed, value, canceled, modificationTime, modificationCount, errors);
  }

  public JobStatus withCanceled(boolean value) {
    return new JobStatus(
        owner, completed, inProgress, value, modificationTime, modificationCount, errors);
  }

  public JobStatus withOwner(String value) {
    return new JobStatus(
        value, completed, inProgress, canceled, modificationTime, modificationCount, errors);
  }

  public JobStatus withModification(Instant time, long count) {
    return new JobStatus(owner, completed, inProgress, canceled, time, count, errors);
  }

  public JobStatus withErrors(List<String> value) {
    return new JobStatus(
        owner, completed, inProgress, canceled, modificationTime, modificationCount, value);
  }
}
