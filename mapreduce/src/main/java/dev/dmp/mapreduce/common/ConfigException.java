package dev.dmp.mapreduce.common;

import dev.dmp.core.UsageException;

/**
 * A setting or configured file that cannot be used: the message names the key or the file and says
 * what is wrong. Exit 2 as for a usage error, but without the usage text: the command line was
 * fine.
 */
public class ConfigException extends UsageException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
