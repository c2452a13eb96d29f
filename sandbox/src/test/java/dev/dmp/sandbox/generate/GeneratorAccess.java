package dev.dmp.sandbox.generate;

import java.util.List;

/** The generator's user agents of people, for tests in other packages. */
public final class GeneratorAccess {

  private GeneratorAccess() {}

  public static List<String> peopleUserAgents() {
    return UserAgents.PEOPLE;
  }
}
