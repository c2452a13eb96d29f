package dev.dmp.stream;

import dev.dmp.avro.CleanEvent;
import dev.dmp.avro.Profile;

/** A clean event with its person, as the resolver found it. A Flink POJO. */
public final class Attributed {
  /** The person's OneID: a known one, or a provisional one named as the daily graph would. */
  public String oneId;

  /** The day the event counts on (its Kafka timestamp's, UTC), YYYY-MM-DD. */
  public String day;

  public CleanEvent event;

  /** The person's profile as last loaded, as a snapshot; null when there is none. */
  public Profile loaded;

  public Attributed() {}

  Attributed(String oneId, String day, CleanEvent event, Profile loaded) {
    this.oneId = oneId;
    this.day = day;
    this.event = event;
    this.loaded = loaded;
  }
}
