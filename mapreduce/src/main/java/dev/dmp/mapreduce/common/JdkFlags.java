package dev.dmp.mapreduce.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JVM flags that Hadoop, HBase and Avro code needs on JDK 17 ({@code --add-opens} and the
 * like), for JVMs this code starts or configures: task and application-master JVMs, child JVMs. One
 * source: the parent pom's {@code dmp.jdk17.opens}, which the build writes into the resource
 * {@value #RESOURCE} (read here, by {@code scripts/dmp}, and by the tests' JVMs).
 */
public final class JdkFlags {

  /** Where the build writes the flags, on the class path and under {@code target/classes}. */
  public static final String RESOURCE = "dev/dmp/mapreduce/jdk17.flags";

  private static final String FLAGS = read();

  private JdkFlags() {}

  /** The flags, space-separated, as {@code mapreduce.map.java.opts} and the like take them. */
  public static String jdk17() {
    return FLAGS;
  }

  private static String read() {
    try (InputStream in = JdkFlags.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path: build with Maven");
      }
      String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (flags.startsWith("${")) {
        throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + flags);
      }
      return flags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
