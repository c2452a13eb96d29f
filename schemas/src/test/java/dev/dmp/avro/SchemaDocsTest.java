package dev.dmp.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Every record and every field of every schema says what it holds: the docs are what an analyst
 * reads in the data dictionary and in the engine's {@code DESCRIBE}.
 */
class SchemaDocsTest {

  @Test
  void everyRecordAndFieldHasADoc() throws IOException {
    List<String> undocumented = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Schema schema : everySchema()) {
      collectUndocumented(schema, schema.getName(), seen, undocumented);
    }
    assertThat(seen).hasSizeGreaterThan(15);
    assertThat(undocumented).as("records and fields without a doc").isEmpty();
  }

  static List<Schema> everySchema() throws IOException {
    List<Schema> schemas = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src", "main", "avro"))) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString().replace(".avsc", "");
        try {
          schemas.add(SpecificData.get().getSchema(Class.forName("dev.dmp.avro." + name)));
        } catch (ClassNotFoundException e) {
          throw new AssertionError("no class generated for " + file, e);
        }
      }
    }
    return schemas;
  }

  private static void collectUndocumented(
      Schema schema, String path, Set<String> seen, List<String> out) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (isBlank(schema.getDoc())) {
          out.add(path + " (record " + schema.getName() + ")");
        }
        for (Schema.Field field : schema.getFields()) {
          String fieldPath = schema.getName() + "." + field.name();
          if (isBlank(field.doc())) {
            out.add(fieldPath);
          }
          collectUndocumented(field.schema(), fieldPath, seen, out);
        }
      }
      case ARRAY -> collectUndocumented(schema.getElementType(), path + "[]", seen, out);
      case MAP -> collectUndocumented(schema.getValueType(), path + "{}", seen, out);
      case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, path, seen, out));
      default -> {}
    }
  }

  private static boolean isBlank(String doc) {
    return doc == null || doc.isBlank();
  }
}
