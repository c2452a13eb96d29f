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

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Every schema whose files outlive the run that wrote them: the raw zone, the quarantine, the
   * suppression list, and the datasets carried from day to day (the graph, profiles, reports) or
   * read again by later runs (clean and attributed events, hourly activity).
   */
  private static final List<Class<?>> CURRENT =
      List.of(
          RawEvent.class,
          RawRecord.class,
          CleanEvent.class,
          AttributedEvent.class,
          RejectRecord.class,
          SuppressedId.class,
          IdLink.class,
          IdNode.class,
          IdAssignment.class,
          OneIdMerge.class,
          Profile.class,
          ReportRow.class,
          HourlyActivity.class);

  static Stream<Arguments> versions() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (Class<?> type : CURRENT) {
      for (int v = 1; ; v++) {
        String name = "/history/" + type.getSimpleName() + ".v" + v + ".avsc";
        String text;
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(name)) {
          if (in == null) {
            assertThat(v).as("no recorded version of " + type.getSimpleName()).isGreaterThan(1);
            break;
          }
          text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        out.add(Arguments.of(type, v, parse(text)));
      }
    }
    return out.stream();
  }

  /**
   * A recorded schema: written whole (later versions), or naming the records of the first release
   * it used (Geo, RawEvent), which are parsed first.
   */
  private static Schema parse(String text) throws IOException {
    try {
      return new Schema.Parser().parse(text);
    } catch (org.apache.avro.AvroRuntimeException undefinedName) {
      Schema.Parser parser = new Schema.Parser();
      for (String earlier : List.of("Geo", "RawEvent")) {
        try (InputStream in =
            SchemaEvolutionTest.class.getResourceAsStream("/history/" + earlier + ".v1.avsc")) {
          if (!text.contains("\"name\": \"" + earlier + "\"")) {
            parser.parse(in);
          }
        }
      }
      return parser.parse(text);
    }
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
      // Every field the old version wrote arrives with its value, nested records' included: the
      // record read, seen through the old schema again, is the record written.
      // (Compared as JSON trees: maps read back need not iterate in the order they were written.)
      GenericRecord seenAsOld = asOld(read.get(i), current, old);
      assertThat(JSON.readTree(seenAsOld.toString()))
          .isEqualTo(JSON.readTree(written.get(i).toString()));
      // Every field the old version lacks arrives as its default.
      for (Schema.Field f : current.getFields()) {
        if (old.getField(f.name()) == null) {
          Object actual = ((org.apache.avro.specific.SpecificRecordBase) read.get(i)).get(f.name());
          assertThat(String.valueOf(actual))
              .as(f.name())
              .isEqualTo(String.valueOf(SpecificData.get().getDefaultValue(f)));
        }
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

  /** {@code record} written with the current schema and read with the old one. */
  private static GenericRecord asOld(Object record, Schema current, Schema old) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
    new org.apache.avro.specific.SpecificDatumWriter<Object>(current).write(record, encoder);
    encoder.flush();
    return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(current, old)
        .read(
            null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
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
      case ARRAY -> {
        List<Object> a = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          a.add(randomDatum(schema.getElementType(), random));
        }
        yield a;
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
