package dev.dmp.core.clean;

import java.util.Locale;

/** The one fate every input record of the clean stage ends in. */
public enum Fate {
  CLEAN,
  REJECTED,
  DUPLICATE,
  BOT,
  OPTED_OUT;

  /** The name used in reports, e.g. {@code opted_out}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
