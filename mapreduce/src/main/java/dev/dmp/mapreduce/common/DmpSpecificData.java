package dev.dmp.mapreduce.common;

import org.apache.avro.Conversions;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model of every job: specific records, with money as {@link java.math.BigDecimal}
 * (the decimal logical type). Avro's plain {@link SpecificData}, which a job instantiates from its
 * class name, converts times but not decimals; the generated classes' own models do, and so must
 * the model that serialises them between map and reduce and into files.
 */
public class DmpSpecificData extends SpecificData {

  private static final DmpSpecificData INSTANCE = new DmpSpecificData();

  public DmpSpecificData() {
    addLogicalTypeConversion(new Conversions.DecimalConversion());
  }

  /** The model with the class loader of the job (how Avro's serialization makes one). */
  public DmpSpecificData(ClassLoader classLoader) {
    super(classLoader);
    addLogicalTypeConversion(new Conversions.DecimalConversion());
  }

  /** The shared instance, for copies outside the framework's serialisation. */
  public static DmpSpecificData get() {
    return INSTANCE;
  }
}
