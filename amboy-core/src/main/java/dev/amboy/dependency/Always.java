package dev.amboy.dependency;

/** A dependency that is always ready: the job runs whenever a worker takes it. The default. */
public final class Always extends AbstractDependency {

  public static final DependencyType TYPE = new DependencyType("always", 0);

  @Override
  public DependencyType type() {
    return TYPE;
  }

  @Override
  public DependencyState state() {
    return DependencyState.READY;
  }
}
