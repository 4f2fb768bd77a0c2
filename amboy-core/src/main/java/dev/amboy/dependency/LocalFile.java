package dev.amboy.dependency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A make-like dependency on files: ready when there are no targets, when any target is missing, or
 * when any dependency file is newer than the oldest target; passed otherwise.
 */
public final class LocalFile extends AbstractDependency {

  public static final DependencyType TYPE = new DependencyType("local-file", 0);

  private static final Logger log = LoggerFactory.getLogger(LocalFile.class);

  private List<String> targets;
  private List<String> dependencies;

  /** For deserialization. */
  public LocalFile() {
    this(List.of(), List.of());
  }

  public LocalFile(List<String> targets, List<String> dependencies) {
    this.targets = new ArrayList<>(targets);
    this.dependencies = new ArrayList<>(dependencies);
  }

  public static LocalFile of(String target, String... dependencies) {
    return new LocalFile(List.of(target), List.of(dependencies));
  }

  public List<String> targets() {
    return List.copyOf(targets);
  }

  public List<String> dependencies() {
    return List.copyOf(dependencies);
  }

  @Override
  public DependencyType type() {
    return TYPE;
  }

  @Override
  public DependencyState state() {
    if (targets.isEmpty()) {
      return DependencyState.READY;
    }
    FileTime oldestTarget = null;
    for (String target : targets) {
      FileTime modified = modifiedTime(Path.of(target));
      if (modified == null) {
        return DependencyState.READY;
      }
      if (oldestTarget == null || modified.compareTo(oldestTarget) < 0) {
        oldestTarget = modified;
      }
    }
    for (String dependency : dependencies) {
      FileTime modified = modifiedTime(Path.of(dependency));
      if (modified == null) {
        log.warn("dependency file {} does not exist; ignoring it", dependency);
        continue;
      }
      if (modified.compareTo(oldestTarget) > 0) {
        return DependencyState.READY;
      }
    }
    return DependencyState.PASSED;
  }

  private static FileTime modifiedTime(Path path) {
    try {
      return Files.exists(path) ? Files.getLastModifiedTime(path) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
