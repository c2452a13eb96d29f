package dev.dmp.sandbox;

import dev.dmp.mapreduce.CommandLineContractTest;

/**
 * The command-line contract over embedded mode's class path, where the Driver also lists the
 * sandbox's commands (generate, demo, bench).
 */
class SandboxCommandLineContractTest extends CommandLineContractTest {

  @Override
  protected String[] typedOptionsToTry() {
    return new String[] {
      "serve --seconds abc", "demo --events abc", "generate --events abc", "bench --events abc"
    };
  }
}
