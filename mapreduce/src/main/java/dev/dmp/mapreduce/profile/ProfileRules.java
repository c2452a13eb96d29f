package dev.dmp.mapreduce.profile;

import dev.dmp.core.UsageException;
import dev.dmp.core.profile.SegmentRules;
import dev.dmp.core.profile.Taxonomy;
import dev.dmp.mapreduce.common.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The segment rules and the URL taxonomy a deployment configures, read and checked before a profile
 * stage or a run touches anything.
 */
public final class ProfileRules {

  private ProfileRules() {}

  /**
   * Checks the configured segment rules and taxonomy, as the profile stage will read them, so that
   * {@code dmp run} can refuse a bad rule before it republishes anything.
   */
  public static void checkConfiguration(Configuration conf) throws IOException, UsageException {
    check(
        readConfigFile(conf, ProfileJob.SEGMENTS_FILE),
        readConfigFile(conf, ProfileJob.TAXONOMY_FILE),
        conf);
  }

  /** The names of the configured segments, or null when no rules file is configured. */
  public static Set<String> segmentNames(Configuration conf) throws IOException, UsageException {
    String file = conf.get(ProfileJob.SEGMENTS_FILE);
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return SegmentRules.parse(readConfigFile(conf, ProfileJob.SEGMENTS_FILE)).names();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Fails with the rule's name here, in the client, not in a task. */
  static void check(String segments, String taxonomy, Configuration conf) throws UsageException {
    try {
      SegmentRules rules = SegmentRules.parse(segments);
      Set<String> types = new TreeSet<>(SegmentRules.EVENT_TYPES);
      types.addAll(conf.getTrimmedStringCollection(SegmentRules.EXTRA_TYPES));
      rules.checkNames(Taxonomy.parse(taxonomy).tags(), types);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The text of a configured file (any Hadoop file system), or empty when the key is unset. */
  public static String readConfigFile(Configuration conf, String key)
      throws IOException, UsageException {
    String file = conf.get(key);
    if (file == null || file.isBlank()) {
      return "";
    }
    Path p = new Path(file);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      throw new ConfigException(key + ": " + file + " does not exist");
    }
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
