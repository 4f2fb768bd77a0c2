package dev.amboy.dependency;

import java.util.Objects;

/**
 * A dependency whose state comes from a named check in a {@link CheckRegistry}, so that the logic
 * lives in application code while the stored job only names it. An unregistered name is {@link
 * DependencyState#UNRESOLVED}.
 */
public final class CheckDependency extends AbstractDependency {

  public static final DependencyType TYPE = new DependencyType("check", 1);

  private final transient CheckRegistry checks;
  private String checkName;

  /** For deserialization; the registry rebuilding the job supplies its checks. */
  public CheckDependency(CheckRegistry checks) {
    this(checks, "");
  }

  public CheckDependency(CheckRegistry checks, String checkName) {
    this.checks = Objects.requireNonNull(checks, "checks");
    this.checkName = checkName == null ? "" : checkName;
  }

  public String checkName() {
    return checkName;
  }

  @Override
  public DependencyType type() {
    return TYPE;
  }

  @Override
  public DependencyState state() {
    return checks
        .find(checkName)
        .map(check -> check.check(edges()))
        .orElse(DependencyState.UNRESOLVED);
  }
}
