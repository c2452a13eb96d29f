package dev.dmp.mapreduce.profile;

import dev.dmp.avro.Profile;
import dev.dmp.avro.ProfileInput;

/** Yesterday's profiles; those of retired OneIDs go to their survivor. */
public class ProfileSnapshotMapper extends ProfileInputMapper<Profile> {

  @Override
  String oneId(Profile p) {
    return p.getOneId();
  }

  @Override
  ProfileInput input(Profile p) {
    return new ProfileInput(p, null);
  }

  @Override
  void countSuppressed(Context context) {
    context.getCounter(ProfileCounters.SUPPRESSED_SNAPSHOTS).increment(1);
  }

  @Override
  void count(Context context, boolean merged) {
    context.getCounter(ProfileCounters.SNAPSHOTS).increment(1);
    if (merged) {
      context.getCounter(ProfileCounters.MERGED_SNAPSHOTS).increment(1);
    }
  }
}
