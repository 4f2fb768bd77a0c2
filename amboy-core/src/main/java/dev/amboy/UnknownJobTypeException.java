package dev.amboy;

import java.util.Collection;

/** No job or dependency type is registered under a name. */
public class UnknownJobTypeException extends AmboyException {

  private static final long serialVersionUID = 1L;

  private final String typeName;

  public UnknownJobTypeException(String kind, String typeName, Collection<String> registered) {
    super(
        "there is no "
            + kind
            + " type named '"
            + typeName
            + "' registered; registered: "
            + registered
            + ". Register it before reading jobs of that type");
    this.typeName = typeName;
  }

  public String typeName() {
    return typeName;
  }
}
