package dev.dmp.mapreduce.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroOutputFormatBase;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Avro container files of the job's output key schema ({@link AvroJob#setOutputKeySchema}), written
 * from records already in Avro's binary encoding: each key is one record's bytes, appended as they
 * are (no decoding, no encoding again). The files are those {@code AvroKeyOutputFormat} writes: the
 * same codec and sync interval settings, the same names.
 */
public class EncodedAvroOutputFormat extends AvroOutputFormatBase<ByteBuffer, NullWritable> {

  @Override
  public RecordWriter<ByteBuffer, NullWritable> getRecordWriter(TaskAttemptContext context)
      throws IOException {
    Schema schema = AvroJob.getOutputKeySchema(context.getConfiguration());
    if (schema == null) {
      throw new IOException("no output key schema (AvroJob.setOutputKeySchema)");
    }
    DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema));
    writer.setCodec(getCompressionCodec(context));
    writer.setSyncInterval(getSyncInterval(context));
    writer.create(schema, getAvroFileOutputStream(context));
    return new RecordWriter<>() {
      @Override
      public void write(ByteBuffer record, NullWritable ignored) throws IOException {
        writer.appendEncoded(record);
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        writer.close();
      }
    };
  }
}
