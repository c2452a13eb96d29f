package dev.dmp.sandbox.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One open file per source, rotated every {@value EventGenerator#LINES_PER_FILE} lines; app files
 * gzip.
 */
final class SourceWriters {
  private final FileSystem fs;
  private final Path out;
  private final OutputStream[] streams = new OutputStream[EventGenerator.SOURCES.length];
  private final int[] lines = new int[EventGenerator.SOURCES.length];
  private final int[] files = new int[EventGenerator.SOURCES.length];
  private final Map<Integer, Boolean> gzip = new HashMap<>(Map.of(1, true));

  SourceWriters(FileSystem fs, Path out) {
    this.fs = fs;
    this.out = out;
  }

  void line(int source, byte[] line) throws IOException {
    OutputStream o = stream(source);
    o.write(line);
    o.write('\n');
    lines[source]++;
  }

  void blank(int source) throws IOException {
    stream(source).write("  \n".getBytes(StandardCharsets.US_ASCII));
  }

  private OutputStream stream(int source) throws IOException {
    if (streams[source] != null && lines[source] >= EventGenerator.LINES_PER_FILE) {
      streams[source].close();
      streams[source] = null;
      lines[source] = 0;
    }
    if (streams[source] == null) {
      boolean gz = gzip.getOrDefault(source, false);
      Path p =
          new Path(
              new Path(out, EventGenerator.SOURCES[source]),
              String.format("part-%05d.jsonl%s", files[source]++, gz ? ".gz" : ""));
      OutputStream raw = fs.create(p, true);
      streams[source] =
          new BufferedOutputStream(gz ? new GZIPOutputStream(raw, 1 << 16) : raw, 1 << 16);
    }
    return streams[source];
  }

  void close() throws IOException {
    for (OutputStream o : streams) {
      if (o != null) {
        o.close();
      }
    }
  }
}
