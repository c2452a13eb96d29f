package dev.dmp.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Files written with any recorded version of a schema stay readable with the current one. */
class SchemaEvolutionTest {

  private static final List<Class<?>> CURRENT =
      List.of(
          RawEvent.class,
          RawRecord.class,
          CleanEvent.class,
          RejectRecord.class,
          SuppressedId.class,
          IdLink.class);

  static Stream<Arguments> versions() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (Class<?> type : CURRENT) {
      for (int v = 1; ; v++) {
        String name = "/history/" + type.getSimpleName() + ".v" + v + ".avsc";
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(name)) {
          if (in == null) {
            assertThat(v).as("no recorded version of " + type.getSimpleName()).isGreaterThan(1);
            break;
          }
          Schema.Parser parser = new Schema.Parser();
          parser.parse(SchemaEvolutionTest.class.getResourceAsStream("/history/Geo.v1.avsc"));
          if (type != RawRecord.class) {
            out.add(Arguments.of(type, v, parser.parse(in)));
          } else {
            parser.parse(
                SchemaEvolutionTest.class.getResourceAsStream("/history/RawEvent.v1.avsc"));
            out.add(Arguments.of(type, v, parser.parse(in)));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} reads v{1}")
  @MethodSource("versions")
  void theCurrentSchemaReadsFilesOfEveryRecordedVersion(Class<?> type, int version, Schema old)
      throws Exception {
    Schema current = SpecificData.get().getSchema(type);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);

    Random random = new Random(version);
    List<GenericRecord> written = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      written.add((GenericRecord) randomDatum(old, random));
    }
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(old))) {
      w.create(old, file);
      written.forEach(r -> append(w, r));
    }
    List<Object> read = new ArrayList<>();
    try (DataFileStream<Object> in =
        new DataFileStream<>(
            new java.io.ByteArrayInputStream(file.toByteArray()),
            new SpecificDatumReader<>(current))) {
      in.forEach(read::add);
    }
    assertThat(read).hasSize(written.size()).allMatch(type::isInstance);
    for (int i = 0; i < read.size(); i++) {
      // Every field the old version wrote arrives with its value.
      for (Schema.Field f : old.getFields()) {
        Object expected = written.get(i).get(f.name());
        Object actual = ((org.apache.avro.specific.SpecificRecordBase) read.get(i)).get(f.name());
        assertThat(String.valueOf(actual)).as(f.name()).isEqualTo(String.valueOf(expected));
      }
    }
  }

  @Test
  void theCheckCatchesAChangeThatWouldBreakOldFiles() {
    Schema old = SuppressedId.getClassSchema();
    Schema requiredFieldAdded =
        SchemaBuilder.record("SuppressedId")
            .namespace("dev.dmp.avro")
            .fields()
            .requiredString("id")
            .requiredLong("added_at")
            .requiredString("reason")
            .endRecord();
    Schema optionalFieldAdded =
        SchemaBuilder.record("SuppressedId")
            .namespace("dev.dmp.avro")
            .fields()
            .requiredString("id")
            .requiredLong("added_at")
            .optionalString("reason")
            .endRecord();
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(requiredFieldAdded, old).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(optionalFieldAdded, old).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
  }

  private static void append(DataFileWriter<GenericRecord> w, GenericRecord r) {
    try {
      w.append(r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A random value of {@code schema}: every branch of the types our schemas use. */
  private static Object randomDatum(Schema schema, Random random) {
    return switch (schema.getType()) {
      case RECORD -> {
        GenericData.Record r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
          r.put(f.pos(), randomDatum(f.schema(), random));
        }
        yield r;
      }
      case UNION ->
          randomDatum(schema.getTypes().get(random.nextInt(schema.getTypes().size())), random);
      case MAP -> {
        Map<String, Object> m = new HashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          m.put("k" + random.nextInt(100), randomDatum(schema.getValueType(), random));
        }
        yield m;
      }
      case ENUM ->
          new GenericData.EnumSymbol(
              schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
      case STRING -> "s" + random.nextInt(1000);
      case BYTES -> ByteBuffer.wrap(new byte[] {(byte) random.nextInt(), 1, 2});
      case LONG -> random.nextLong();
      case INT -> random.nextInt();
      case DOUBLE -> random.nextDouble();
      case BOOLEAN -> random.nextBoolean();
      case NULL -> null;
      default -> throw new IllegalArgumentException("no random value for " + schema);
    };
  }
}
