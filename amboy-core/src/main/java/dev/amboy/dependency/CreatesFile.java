package dev.amboy.dependency;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ready while a file is missing; passed once it exists. For jobs whose only product is that file.
 */
public final class CreatesFile extends AbstractDependency {

  public static final DependencyType TYPE = new DependencyType("create-file", 0);

  private String fileName;

  /** For deserialization. */
  public CreatesFile() {
    this("");
  }

  public CreatesFile(String fileName) {
    this.fileName = fileName == null ? "" : fileName;
  }

  public String fileName() {
    return fileName;
  }

  @Override
  public DependencyType type() {
    return TYPE;
  }

  @Override
  public DependencyState state() {
    if (fileName.isEmpty()) {
      return DependencyState.READY;
    }
    return Files.exists(Path.of(fileName)) ? DependencyState.PASSED : DependencyState.READY;
  }
}
