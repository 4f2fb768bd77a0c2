package dev.amboy;

import java.util.Collection;

/**
 * A stored job (or dependency) has a version that no registered factory has. amboy never guesses
 * across versions: the stored form of another version may not fit the class.
 */
public class JobVersionMismatchException extends AmboyException {

  private static final long serialVersionUID = 1L;

  public JobVersionMismatchException(
      String kind, String name, int storedVersion, Collection<Integer> registered) {
    super(
        kind
            + " type '"
            + name
            + "' is stored with version "
            + storedVersion
            + " but the registered versions are "
            + registered
            + "; register a factory for version "
            + storedVersion
            + " to read it");
  }
}
