package dev.dmp.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A lookup's query in the id index's form: an identifier as a collector sends it ({@code
 * TYPE:VALUE}), normalised and hashed exactly as ingestion does, or a OneID ({@code
 * oneid:<OneID>}). The lookup client and a stream job's lookups call it alike.
 */
public final class IdQueries {

  /** The id type of OneIDs in queries; {@code dmp:id_index} keeps retired ones' redirects. */
  public static final String ONE_ID_TYPE = "oneid";

  private IdQueries() {}

  /**
   * {@code query} ({@code TYPE:VALUE} as a collector sends it, or {@code oneid:<OneID>}) in the id
   * index's form: normalised and hashed exactly as ingestion does. Needs no connection.
   *
   * @throws IllegalArgumentException a malformed identifier or an unknown type, with the reason
   */
  public static String canonicalize(IdentifierNormalizer normalizer, String query) {
    Identifier id;
    try {
      id = Identifier.parse(query.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + query + "': " + e.getMessage());
    }
    if (id.type().equals(ONE_ID_TYPE)) {
      return ONE_ID_TYPE + ":" + id.value().strip();
    }
    if (isHashedPiiType(id.type()) && SHA256_HEX.matcher(id.value().strip()).matches()) {
      return id.type() + ":" + id.value().strip(); // already in canonical (hashed) form
    }
    IdentifierNormalizer.Result r = normalizer.normalize(id.type(), id.value());
    if (r instanceof IdentifierNormalizer.Usable u) {
      return u.id().toString();
    }
    if (r instanceof IdentifierNormalizer.UnknownType t) {
      throw new IllegalArgumentException(
          "unknown identifier type '" + t.type() + "' (known: " + knownTypes() + ")");
    }
    throw new IllegalArgumentException(
        "not a usable " + id.type() + ": " + ((IdentifierNormalizer.Junk) r).why());
  }

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** E-mail and phone: stored only hashed, so a lookup may also give the SHA-256 hex itself. */
  private static boolean isHashedPiiType(String type) {
    return type.equals(IdType.EMAIL.wireName()) || type.equals(IdType.PHONE.wireName());
  }

  private static String knownTypes() {
    List<String> names = new ArrayList<>();
    for (IdType t : IdType.values()) {
      names.add(t.wireName());
    }
    names.add(ONE_ID_TYPE);
    return String.join(", ", names);
  }
}
