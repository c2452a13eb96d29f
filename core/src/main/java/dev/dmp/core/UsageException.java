package dev.dmp.core;

/**
 * A command line that cannot be run as given; the tool prints the message and its usage, exit 2.
 */
public class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
