package dev.dmp.core;

import java.util.Objects;

/**
 * An identifier in canonical form: its type name and canonical value (a SHA-256 hex for PII). Its
 * string form {@code type:value} is the one used in the suppression list, the identity graph and
 * the HBase id index.
 */
public record Identifier(String type, String value) {

  public Identifier {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }

  /** Splits {@code type:value} at the first colon; values may contain colons. */
  public static Identifier parse(String typeColonValue) {
    int colon = typeColonValue.indexOf(':');
    if (colon <= 0 || colon == typeColonValue.length() - 1) {
      throw new IllegalArgumentException("expected TYPE:VALUE, e.g. email:someone@example.com");
    }
    return new Identifier(
        typeColonValue.substring(0, colon).trim(), typeColonValue.substring(colon + 1));
  }
}
