package dev.amboy;

/** The base of every exception amboy throws on purpose. Unchecked. */
public class AmboyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AmboyException(String message) {
    super(message);
  }

  public AmboyException(String message, Throwable cause) {
    super(message, cause);
  }
}
