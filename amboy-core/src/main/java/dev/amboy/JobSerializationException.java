package dev.amboy;

/** A job could not be written to or read from its stored form. */
public class JobSerializationException extends AmboyException {

  private static final long serialVersionUID = 1L;

  public JobSerializationException(String message) {
    super(message);
  }

  public JobSerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
