package dev.amboy.registry;

import dev.amboy.Job;
import dev.amboy.JobType;
import dev.amboy.JobVersionMismatchException;
import dev.amboy.UnknownJobTypeException;
import dev.amboy.dependency.Always;
import dev.amboy.dependency.CheckDependency;
import dev.amboy.dependency.CheckRegistry;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.dependency.DependencyManager;
import dev.amboy.dependency.DependencyType;
import dev.amboy.dependency.LocalFile;
import dev.amboy.job.JobGroup;
import dev.amboy.job.ShellJob;
import dev.amboy.spring.AmboyJob;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps job types and dependency types to the factories that create them, so that a stored job can
 * become an object again. An instance, not a global: each application (or test) owns its own.
 *
 * <p>A new registry already knows the built-in job types ({@code shell}, {@code group}), dependency
 * types ({@code always}, {@code create-file}, {@code local-file}, {@code check}) and an empty set
 * of named {@linkplain #checks() checks}.
 */
public final class JobRegistry {

  private final Map<JobType, Supplier<? extends Job>> jobFactories = new ConcurrentHashMap<>();
  private final Map<DependencyType, Supplier<? extends DependencyManager>> dependencyFactories =
      new ConcurrentHashMap<>();
  private final CheckRegistry checks = new CheckRegistry();
  private final JobSerializer serializer;

  /** A registry whose serializer uses {@link JobSerializer#defaultMapper()}. */
  public JobRegistry() {
    this(JobSerializer.defaultMapper());
  }

  /**
   * A registry whose serializer uses the given mapper. The mapper decides which fields of a job are
   * its payload; see {@link JobSerializer#defaultMapper()} for the expected settings.
   */
  public JobRegistry(JsonMapper mapper) {
    this.serializer = new JobSerializer(this, mapper);
    register(ShellJob.TYPE, ShellJob::new);
    register(JobGroup.TYPE, () -> new JobGroup(serializer));
    registerDependency(Always.TYPE, Always::new);
    registerDependency(CreatesFile.TYPE, CreatesFile::new);
    registerDependency(LocalFile.TYPE, LocalFile::new);
    registerDependency(CheckDependency.TYPE, () -> new CheckDependency(checks));
  }

  /**
   * Registers a factory for a job type and version.
   *
   * @throws IllegalArgumentException when that type and version is already registered
   */
  public void register(JobType type, Supplier<? extends Job> factory) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory");
    if (jobFactories.putIfAbsent(type, factory) != null) {
      throw new IllegalArgumentException(
          "job type '"
              + type.name()
              + "' version "
              + type.version()
              + " is already registered; register each type and version once");
    }
  }

  /**
   * Registers a job class annotated with {@link AmboyJob}, taking the type from the annotation.
   *
   * @throws IllegalArgumentException when the class is not annotated or the type is taken
   */
  public <T extends Job> void register(Class<T> jobClass, Supplier<T> factory) {
    AmboyJob annotation = jobClass.getAnnotation(AmboyJob.class);
    if (annotation == null) {
      throw new IllegalArgumentException(
          jobClass.getName()
              + " has no @AmboyJob annotation; annotate it or register it with a JobType");
    }
    register(JobType.of(annotation.type(), annotation.version()), factory);
  }

  /**
   * Registers a factory for a dependency type and version.
   *
   * @throws IllegalArgumentException when that type and version is already registered
   */
  public void registerDependency(
      DependencyType type, Supplier<? extends DependencyManager> factory) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory");
    if (dependencyFactories.putIfAbsent(type, factory) != null) {
      throw new IllegalArgumentException(
          "dependency type '"
              + type.name()
              + "' version "
              + type.version()
              + " is already registered; register each type and version once");
    }
  }

  /** Whether a factory for exactly this type and version is registered. */
  public boolean isRegistered(JobType type) {
    return jobFactories.containsKey(type);
  }

  /**
   * Creates an empty job of the given type and version, ready to have its stored fields set.
   *
   * @throws UnknownJobTypeException when no version of the type is registered
   * @throws JobVersionMismatchException when the type is registered with other versions only
   */
  public Job create(JobType type) {
    Supplier<? extends Job> factory = jobFactories.get(type);
    if (factory == null) {
      Set<Integer> versions = versionsOf(jobFactories.keySet(), type.name());
      if (versions.isEmpty()) {
        throw new UnknownJobTypeException("job", type.name(), jobTypeNames());
      }
      throw new JobVersionMismatchException("job", type.name(), type.version(), versions);
    }
    Job job = factory.get();
    if (job == null) {
      throw new IllegalStateException("the factory of job type " + type + " returned null");
    }
    return job;
  }

  /**
   * Creates an empty dependency of the given type and version.
   *
   * @throws UnknownJobTypeException when no version of the type is registered
   * @throws JobVersionMismatchException when the type is registered with other versions only
   */
  public DependencyManager createDependency(DependencyType type) {
    Supplier<? extends DependencyManager> factory = dependencyFactories.get(type);
    if (factory == null) {
      Set<Integer> versions =
          dependencyFactories.keySet().stream()
              .filter(t -> t.name().equals(type.name()))
              .map(DependencyType::version)
              .collect(Collectors.toCollection(TreeSet::new));
      if (versions.isEmpty()) {
        throw new UnknownJobTypeException(
            "dependency",
            type.name(),
            dependencyFactories.keySet().stream()
                .map(DependencyType::name)
                .collect(Collectors.toCollection(TreeSet::new)));
      }
      throw new JobVersionMismatchException("dependency", type.name(), type.version(), versions);
    }
    return factory.get();
  }

  /** Every registered job type. */
  public Set<JobType> jobTypes() {
    return Set.copyOf(jobFactories.keySet());
  }

  /** The names of every registered job type, sorted. */
  public Set<String> jobTypeNames() {
    return jobFactories.keySet().stream()
        .map(JobType::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The named checks used by {@link CheckDependency}. */
  public CheckRegistry checks() {
    return checks;
  }

  /** Writes and reads jobs of the types registered here. */
  public JobSerializer serializer() {
    return serializer;
  }

  private static Set<Integer> versionsOf(Set<JobType> types, String name) {
    return types.stream()
        .filter(t -> t.name().equals(name))
        .map(JobType::version)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
