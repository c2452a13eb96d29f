package dev.dmp.mapreduce.profile;

import dev.dmp.avro.AttributedEvent;
import dev.dmp.avro.ProfileInput;

/** Attributed events, keyed by their (live) OneID. */
public class ProfileEventMapper extends ProfileInputMapper<AttributedEvent> {

  @Override
  String oneId(AttributedEvent e) {
    return e.getOneId();
  }

  @Override
  ProfileInput input(AttributedEvent e) {
    return new ProfileInput(null, e.getEvent());
  }

  @Override
  void countSuppressed(Context context) {
    context.getCounter(ProfileCounters.SUPPRESSED_EVENTS).increment(1);
  }

  @Override
  void count(Context context, boolean merged) {
    context.getCounter(ProfileCounters.EVENTS).increment(1);
  }
}
