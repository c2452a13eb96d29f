package dev.dmp.core;

import java.util.Locale;

/** How the values of one identifier type are put into canonical form. */
public enum IdType {
  /** First-party login or CRM id: trimmed, case kept. */
  USER_ID(Kind.OPAQUE),
  /** E-mail: trimmed, lower-cased, stored only as SHA-256 hex. */
  EMAIL(Kind.EMAIL),
  /** Phone: E.164 through libphonenumber, stored only as SHA-256 hex. */
  PHONE(Kind.PHONE),
  /** Web cookie id: trimmed, case kept. */
  COOKIE(Kind.OPAQUE),
  /** App-scoped device id: trimmed, lower-cased. */
  DEVICE_ID(Kind.OPAQUE_LOWER),
  /** Apple advertising id: canonical lower-case UUID. */
  IDFA(Kind.UUID),
  /** Google advertising id: canonical lower-case UUID. */
  GAID(Kind.UUID),
  /** Open Anonymous Device Identifier (China): lower-case; UUID-shaped values as UUIDs. */
  OAID(Kind.OPAQUE_LOWER),
  /** IMEI: 14 to 16 digits. */
  IMEI(Kind.DIGITS);

  /** The normalisation family of a type. */
  public enum Kind {
    OPAQUE,
    OPAQUE_LOWER,
    EMAIL,
    PHONE,
    UUID,
    DIGITS
  }

  private final Kind kind;

  IdType(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The name used in events and in canonical {@code type:value} strings, e.g. {@code device_id}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
