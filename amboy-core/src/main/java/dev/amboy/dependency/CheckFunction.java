package dev.amboy.dependency;

import java.util.List;

/** A named check that decides a dependency's state, registered in a {@link CheckRegistry}. */
@FunctionalInterface
public interface CheckFunction {

  /**
   * @param edges the ids of the jobs the dependent job points at
   * @return the state of the dependency
   */
  DependencyState check(List<String> edges);
}
