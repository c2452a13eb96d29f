package dev.dmp.mapreduce.common;

import dev.dmp.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The text of a configuration file named by a setting (alert rules, destinations), or, when the
 * setting is unset, of the copy the build put in the job jar beside {@code owner}, so that the
 * documented file and the default cannot differ.
 */
public final class ConfigFiles {

  /** A file's text, and how to name it in a message. */
  public record Text(String text, String name) {}

  private ConfigFiles() {}

  /**
   * @param key the setting that names the file (any file system)
   * @param owner the class beside which the jar holds the default
   * @param resource the default's name, e.g. {@code alerts.properties}
   * @param what how to name the default in a message, e.g. {@code the default alert rules}
   * @throws UsageException when the named file does not exist
   */
  public static Text read(
      Configuration conf, String key, Class<?> owner, String resource, String what)
      throws IOException, UsageException {
    String file = conf.getTrimmed(key, "");
    if (file.isEmpty()) {
      try (InputStream in = owner.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException(resource + " is not in the job jar beside " + owner.getName());
        }
        return new Text(new String(in.readAllBytes(), StandardCharsets.UTF_8), what);
      }
    }
    Path p = new Path(file);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      throw new UsageException(key + ": " + file + " does not exist");
    }
    try (InputStream in = fs.open(p)) {
      return new Text(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
    }
  }
}
