package dev.dmp.mapreduce.testing;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Commands run in a child JVM, as a user runs them from a shell: the same JDK, the JDK 17 opens
 * this test JVM was given, and the test class path or part of it.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /** {@code java} with a heap and the opens and exports of this JVM. */
  public static List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Djava.net.") || arg.contains("netty")) {
        command.add(arg);
      }
    }
    return command;
  }

  /**
   * The entries of the test class path. Surefire and failsafe hand the JVM one jar whose manifest
   * lists them; that list is expanded here.
   */
  public static List<String> classPath() throws IOException {
    List<String> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String manifestPath = entry.endsWith(".jar") ? manifestClassPath(entry) : null;
      if (manifestPath == null) {
        out.add(entry);
      } else {
        for (String url : manifestPath.trim().split("\\s+")) {
          out.add(Path.of(URI.create(url)).toString());
        }
      }
    }
    return out;
  }

  private static String manifestClassPath(String jar) throws IOException {
    if (!new File(jar).getName().startsWith("surefirebooter")) {
      return null;
    }
    try (JarFile f = new JarFile(jar)) {
      return f.getManifest().getMainAttributes().getValue("Class-Path");
    }
  }

  /**
   * Runs {@code command} with no input, stdout to {@code out} and stderr to {@code err}; fails with
   * what it printed if it runs past the timeout or exits non-zero.
   */
  public static void run(List<String> command, Path out, Path err, long timeoutSeconds)
      throws IOException, InterruptedException {
    int status = run(command, Map.of(), out, err, timeoutSeconds);
    if (status != 0) {
      throw new AssertionError("exit status " + status + ": " + command + "\n" + printed(out, err));
    }
  }

  /**
   * Runs {@code command} with {@code env} added to this JVM's environment, no input, stdout to
   * {@code out} and stderr to {@code err}; returns its exit status, or fails with what it printed
   * if it runs past the timeout.
   */
  public static int run(
      List<String> command, Map<String, String> env, Path out, Path err, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    b.environment().putAll(env);
    Process p = b.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "did not finish in " + timeoutSeconds + " s: " + command + "\n" + printed(out, err));
    }
    return p.exitValue();
  }

  /** What a child printed, for a failure message. */
  public static String printed(Path out, Path err) throws IOException {
    String e = Files.readString(err);
    return Files.readString(out)
        + "\n--- stderr (last 20,000 chars) ---\n"
        + e.substring(Math.max(0, e.length() - 20_000));
  }
}
