package dev.amboy.dependency;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Named {@link CheckFunction}s that {@link CheckDependency} looks up when asked for its state. */
public final class CheckRegistry {

  private final Map<String, CheckFunction> checks = new ConcurrentHashMap<>();

  /**
   * Registers a check.
   *
   * @throws IllegalArgumentException when the name is blank or already registered
   */
  public void register(String name, CheckFunction check) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("check name must not be blank");
    }
    if (check == null) {
      throw new IllegalArgumentException("check '" + name + "' must not be null");
    }
    if (checks.putIfAbsent(name, check) != null) {
      throw new IllegalArgumentException(
          "check '" + name + "' is already registered; register each name once");
    }
  }

  public Optional<CheckFunction> find(String name) {
    return Optional.ofNullable(checks.get(name));
  }

  public Set<String> names() {
    return new TreeSet<>(checks.keySet());
  }
}
