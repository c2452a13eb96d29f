package dev.dmp.mapreduce.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * The content of the files under a base directory as text a test can search: every Avro file's
 * records decoded (strings, map keys, and bytes as UTF-8, so that compressed blocks hide nothing),
 * any other file as it is. For checks that something is nowhere, which grep cannot make.
 */
public final class DecodedFiles {

  private DecodedFiles() {}

  /** Every file below {@code base}, hidden ones included, but checksums and {@code skipped}. */
  public static List<Path> under(Path base, Path... skipped) throws IOException {
    try (Stream<Path> s = Files.walk(base)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> Stream.of(skipped).noneMatch(p::startsWith))
          .filter(p -> !p.getFileName().toString().endsWith(".crc"))
          .toList();
    }
  }

  /** A file's content: an Avro file's every record decoded, any other file as text. */
  public static String text(Path f) throws IOException {
    byte[] head = new byte[4];
    try (var in = Files.newInputStream(f)) {
      if (in.read(head) < 4
          || !(head[0] == 'O' && head[1] == 'b' && head[2] == 'j' && head[3] == 1)) {
        return Files.readString(f, StandardCharsets.ISO_8859_1);
      }
    }
    StringBuilder b = new StringBuilder();
    try (DataFileReader<GenericRecord> r =
        new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
      for (GenericRecord record : r) {
        leaves(record, b);
      }
    }
    return b.toString();
  }

  private static void leaves(Object v, StringBuilder b) {
    if (v instanceof GenericRecord r) {
      r.getSchema().getFields().forEach(f -> leaves(r.get(f.pos()), b));
    } else if (v instanceof ByteBuffer buffer) {
      b.append(StandardCharsets.UTF_8.decode(buffer.duplicate())).append('\n');
    } else if (v instanceof Map<?, ?> m) {
      m.forEach(
          (k, x) -> {
            b.append(k).append('\n');
            leaves(x, b);
          });
    } else if (v instanceof Iterable<?> list) {
      list.forEach(x -> leaves(x, b));
    } else if (v != null) {
      b.append(v).append('\n');
    }
  }
}
