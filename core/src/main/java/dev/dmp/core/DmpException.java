package dev.dmp.core;

/**
 * A failure a person can act on (a missing input, a run whose counts do not reconcile); the tool
 * prints the message on one line, exit 1.
 */
public class DmpException extends Exception {
  private static final long serialVersionUID = 1L;

  public DmpException(String message) {
    super(message);
  }

  public DmpException(String message, Throwable cause) {
    super(message, cause);
  }
}
