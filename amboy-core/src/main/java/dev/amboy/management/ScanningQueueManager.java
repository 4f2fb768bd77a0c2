package dev.amboy.management;

import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link QueueManager} that reads every job through {@link Queue#jobs()} and changes them through
 * {@link Queue#complete} and {@link DeletableJobQueue#delete}, so it works on any queue kind. Each
 * call takes one pass over the jobs; nothing is cached between calls.
 */
final class ScanningQueueManager implements QueueManager {

  private static final Logger log = LoggerFactory.getLogger(ScanningQueueManager.class);

  /** The shortest report window; shorter windows say more about clock jitter than about jobs. */
  static final Duration MINIMUM_WINDOW = Duration.ofSeconds(1);

  private static final Comparator<Key> KEY_ORDER =
      Comparator.comparing(Key::type)
          .thenComparing(Key::group, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final Source source;
  private final Clock clock;

  ScanningQueueManager(Source source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  @Override
  public JobStatusReport jobStatus(StatusFilter filter) {
    requireFilter(filter);
    Instant now = clock.instant();
    Map<Key, Long> counts = new TreeMap<>(KEY_ORDER);
    for (Member member : source.members()) {
      Duration lockTimeout = member.queue().info().lockTimeout();
      forEachJob(
          member,
          job -> {
            if (matches(stateOf(job.status(), now, lockTimeout), filter)) {
              counts.merge(new Key(job.type().name(), member.group()), 1L, Long::sum);
            }
          });
    }
    List<JobCounters> data = new ArrayList<>(counts.size());
    counts.forEach((key, count) -> data.add(new JobCounters(key.type(), count, key.group())));
    return new JobStatusReport(filter, data);
  }

  @Override
  public JobRuntimeReport recentTiming(Duration window, RuntimeFilter filter) {
    requireWindow(window);
    if (filter == null) {
      throw new IllegalArgumentException("filter must be set but was null");
    }
    Instant now = clock.instant();
    Instant since = now.minus(window);
    Map<Key, DurationSum> sums = new TreeMap<>(KEY_ORDER);
    for (Member member : source.members()) {
      forEachJob(
          member,
          job -> {
            Duration time = timeOf(job, filter, since, now);
            if (time != null) {
              sums.computeIfAbsent(
                      new Key(job.type().name(), member.group()), key -> new DurationSum())
                  .add(time);
            }
          });
    }
    List<JobRuntimes> data = new ArrayList<>(sums.size());
    sums.forEach(
        (key, sum) -> data.add(new JobRuntimes(key.type(), sum.average(), sum.count, key.group())));
    return new JobRuntimeReport(filter, window, data);
  }

  /** The time {@code filter} measures for the job, or {@code null} when the job does not count. */
  private static Duration timeOf(Job job, RuntimeFilter filter, Instant since, Instant now) {
    JobStatus status = job.status();
    JobTimeInfo times = job.timeInfo();
    return switch (filter) {
      case DURATION ->
          status.completed()
                  && times.start() != null
                  && times.end() != null
                  && within(times.end(), since, now)
              ? Duration.between(times.start(), times.end())
              : null;
      case LATENCY ->
          (status.completed() || status.inProgress())
                  && times.created() != null
                  && times.start() != null
                  && within(times.created(), since, now)
              ? Duration.between(times.created(), times.start())
              : null;
      case RUNNING ->
          status.inProgress() && !status.completed() && times.start() != null
              ? Duration.between(times.start(), now)
              : null;
    };
  }

  @Override
  public JobReportIds jobIdsByState(String jobType, StatusFilter filter) {
    requireType(jobType);
    requireFilter(filter);
    Instant now = clock.instant();
    List<String> ids = new ArrayList<>();
    Set<String> groups = new HashSet<>();
    for (Member member : source.members()) {
      Duration lockTimeout = member.queue().info().lockTimeout();
      forEachJob(
          member,
          job -> {
            if (jobType.equals(job.type().name())
                && matches(stateOf(job.status(), now, lockTimeout), filter)) {
              ids.add(job.id());
              groups.add(member.group());
            }
          });
    }
    Collections.sort(ids);
    String group = groups.size() == 1 ? groups.iterator().next() : null;
    return new JobReportIds(jobType, filter, ids, group);
  }

  @Override
  public JobErrorsReport recentErrors(Duration window, ErrorFilter filter) {
    return errors(null, window, filter);
  }

  @Override
  public JobErrorsReport recentJobErrors(String jobType, Duration window, ErrorFilter filter) {
    requireType(jobType);
    return errors(jobType, window, filter);
  }

  private JobErrorsReport errors(String jobType, Duration window, ErrorFilter filter) {
    requireWindow(window);
    if (filter == null) {
      throw new IllegalArgumentException("filter must be set but was null");
    }
    Instant now = clock.instant();
    Instant since = now.minus(window);
    Map<Key, ErrorSum> sums = new TreeMap<>(KEY_ORDER);
    for (Member member : source.members()) {
      forEachJob(
          member,
          job -> {
            String type = job.type().name();
            JobStatus status = job.status();
            Instant end = job.timeInfo().end();
            if ((jobType == null || jobType.equals(type))
                && status.completed()
                && status.hasErrors()
                && end != null
                && within(end, since, now)) {
              sums.computeIfAbsent(new Key(type, member.group()), key -> new ErrorSum())
                  .add(status.errors());
            }
          });
    }
    List<JobErrorsForType> data = new ArrayList<>(sums.size());
    sums.forEach(
        (key, sum) ->
            data.add(
                new JobErrorsForType(
                    key.type(),
                    sum.jobs,
                    sum.messages.size(),
                    (double) sum.messages.size() / sum.jobs,
                    sum.listed(filter),
                    key.group())));
    return new JobErrorsReport(window, filter, data);
  }

  @Override
  public void completeJob(String jobId) {
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException(
          "jobId must not be blank but was " + (jobId == null ? "null" : "'" + jobId + "'"));
    }
    List<Member> members = source.members();
    for (Member member : members) {
      Optional<Job> job = member.queue().get(jobId);
      if (job.isPresent()) {
        if (!job.get().status().completed()) {
          member.queue().complete(job.get());
        }
        return;
      }
    }
    throw new JobNotDefinedException(source.describe(members), jobId);
  }

  @Override
  public int completeJobs(StatusFilter filter) {
    return completeMatching(filter, job -> true);
  }

  @Override
  public int completeJobsByType(StatusFilter filter, String jobType) {
    requireType(jobType);
    return completeMatching(filter, job -> jobType.equals(job.type().name()));
  }

  @Override
  public int completeJobsByPattern(StatusFilter filter, String idPattern) {
    if (idPattern == null) {
      throw new IllegalArgumentException("idPattern must be set but was null");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(idPattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "idPattern '"
              + idPattern
              + "' is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex(),
          e);
    }
    return completeMatching(filter, job -> pattern.matcher(job.id()).find());
  }

  private int completeMatching(StatusFilter filter, Predicate<Job> selected) {
    requireFilter(filter);
    if (filter == StatusFilter.COMPLETED) {
      throw new IllegalArgumentException(
          "filter must not be completed (completing completed jobs changes nothing); use"
              + " in-progress, pending, stale or all");
    }
    Instant now = clock.instant();
    int completed = 0;
    for (Member member : source.members()) {
      Duration lockTimeout = member.queue().info().lockTimeout();
      List<Job> matching = new ArrayList<>();
      forEachJob(
          member,
          job -> {
            State state = stateOf(job.status(), now, lockTimeout);
            if (state != State.COMPLETED && matches(state, filter) && selected.test(job)) {
              matching.add(job);
            }
          });
      for (Job job : matching) {
        try {
          member.queue().complete(job);
          completed++;
        } catch (JobNotDefinedException e) {
          log.debug("job '{}' left queue '{}' before it was completed", job.id(), e.queueId());
        }
      }
    }
    return completed;
  }

  @Override
  public int pruneJobs(Instant before, int limit, StatusFilter filter) {
    requireFilter(filter);
    Instant now = clock.instant();
    List<String> problems = new ArrayList<>(3);
    if (before == null) {
      problems.add("before must be set but was null");
    } else if (before.isAfter(now)) {
      problems.add("before must not be in the future but was " + before + " (now is " + now + ")");
    }
    if (limit < 0) {
      problems.add("limit must be >= 0 (0 means no limit) but was " + limit);
    }
    if (filter == StatusFilter.IN_PROGRESS) {
      problems.add(
          "filter must not be in-progress: running jobs cannot be deleted; complete them first or"
              + " prune stale ones");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot prune jobs: " + String.join("; ", problems));
    }
    List<Member> members = source.members();
    for (Member member : members) {
      if (!(member.queue() instanceof DeletableJobQueue)) {
        Queue queue = member.queue();
        throw new UnsupportedOperationException(
            "queue '"
                + queue.id()
                + "' (kind '"
                + queue.info().kind()
                + "') cannot delete jobs, so it cannot be pruned: use a queue kind that implements"
                + " dev.amboy.DeletableJobQueue (adaptive, priority, shuffled or postgres)");
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Member member : members) {
      Duration lockTimeout = member.queue().info().lockTimeout();
      forEachJob(
          member,
          job -> {
            State state = stateOf(job.status(), now, lockTimeout);
            Instant time = pruneTime(job, state);
            if (time != null && time.isBefore(before) && matches(state, filter)) {
              candidates.add(new Candidate((DeletableJobQueue) member.queue(), job.id(), time));
            }
          });
    }
    candidates.sort(Comparator.comparing(Candidate::time));
    int deleted = 0;
    for (Candidate candidate : candidates) {
      if (limit > 0 && deleted >= limit) {
        break;
      }
      try {
        if (candidate.queue().delete(candidate.jobId())) {
          deleted++;
        }
      } catch (IllegalStateException e) {
        log.warn(
            "queue '{}' refused to delete job '{}' while pruning: {}",
            candidate.queue().id(),
            candidate.jobId(),
            e.getMessage());
      }
    }
    return deleted;
  }

  /**
   * The time that decides whether a job is old enough to prune: its end when completed, its start
   * when stale, its creation when pending; {@code null} for running jobs, which are never pruned.
   */
  private static Instant pruneTime(Job job, State state) {
    JobTimeInfo times = job.timeInfo();
    return switch (state) {
      case COMPLETED -> times.end();
      case STALE -> times.start() != null ? times.start() : job.status().modificationTime();
      case PENDING -> times.created();
      case IN_PROGRESS -> null;
    };
  }

  /** The state a status filter sees: in-progress jobs split into fresh and stale. */
  enum State {
    PENDING,
    IN_PROGRESS,
    STALE,
    COMPLETED
  }

  static State stateOf(JobStatus status, Instant now, Duration lockTimeout) {
    if (status.completed()) {
      return State.COMPLETED;
    }
    if (!status.inProgress()) {
      return State.PENDING;
    }
    Instant modified = status.modificationTime();
    boolean fresh = modified != null && modified.plus(lockTimeout).isAfter(now);
    return fresh ? State.IN_PROGRESS : State.STALE;
  }

  static boolean matches(State state, StatusFilter filter) {
    return switch (filter) {
      case ALL -> true;
      case PENDING -> state == State.PENDING;
      case IN_PROGRESS -> state == State.IN_PROGRESS;
      case STALE -> state == State.STALE;
      case COMPLETED -> state == State.COMPLETED;
    };
  }

  private static boolean within(Instant time, Instant since, Instant now) {
    return !time.isBefore(since) && !time.isAfter(now);
  }

  private static void forEachJob(Member member, Consumer<Job> action) {
    try (Stream<Job> jobs = member.queue().jobs()) {
      jobs.forEach(action);
    }
  }

  private static void requireFilter(StatusFilter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must be set but was null");
    }
  }

  private static void requireType(String jobType) {
    if (jobType == null || jobType.isBlank()) {
      throw new IllegalArgumentException(
          "jobType must not be blank but was " + (jobType == null ? "null" : "'" + jobType + "'"));
    }
  }

  private static void requireWindow(Duration window) {
    if (window == null || window.compareTo(MINIMUM_WINDOW) < 0) {
      throw new IllegalArgumentException(
          "window must be >= " + MINIMUM_WINDOW + " but was " + window);
    }
  }

  /** Where the managed queues come from. */
  interface Source {
    /** The queues to read now, in a stable order. */
    List<Member> members();

    /** Names the queues for an error message. */
    String describe(List<Member> members);
  }

  /** One queue; reports carry no group. */
  record SingleQueue(Queue queue) implements Source {
    @Override
    public List<Member> members() {
      return List.of(new Member(null, queue));
    }

    @Override
    public String describe(List<Member> members) {
      return queue.id();
    }
  }

  /** Every queue of a group, by name; reports carry the queue's name as their group. */
  record GroupQueues(QueueGroup group) implements Source {
    @Override
    public List<Member> members() {
      List<Member> members = new ArrayList<>();
      for (String name : new TreeSet<>(group.queues())) {
        members.add(new Member(name, group.get(name)));
      }
      return members;
    }

    @Override
    public String describe(List<Member> members) {
      return "any of " + members.stream().map(Member::group).toList();
    }
  }

  /** A queue and the group name reports give it ({@code null} for a single queue). */
  record Member(String group, Queue queue) {}

  private record Key(String type, String group) {}

  private record Candidate(DeletableJobQueue queue, String jobId, Instant time) {}

  private static final class DurationSum {
    private Duration total = Duration.ZERO;
    private long count;

    void add(Duration time) {
      total = total.plus(time);
      count++;
    }

    Duration average() {
      return total.dividedBy(count);
    }
  }

  private static final class ErrorSum {
    private long jobs;
    private final List<String> messages = new ArrayList<>();

    void add(List<String> errors) {
      jobs++;
      messages.addAll(errors);
    }

    List<String> listed(ErrorFilter filter) {
      return switch (filter) {
        case ALL -> messages;
        case UNIQUE -> List.copyOf(new LinkedHashSet<>(messages));
        case STATS_ONLY -> List.of();
      };
    }
  }
}
