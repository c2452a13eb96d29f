package dev.dmp.mapreduce.profile;

import dev.dmp.avro.OneIdMerge;
import dev.dmp.avro.SuppressedId;
import dev.dmp.mapreduce.common.AvroFiles;
import dev.dmp.mapreduce.common.DmpPaths;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Retired OneIDs to their survivors, and the suppressed OneIDs, of the day's graph. */
final class ProfilePeople {
  final Map<String, String> survivorOf = new HashMap<>();
  final Set<String> suppressed = new HashSet<>();

  ProfilePeople(Configuration conf) throws IOException {
    Path graph = new Path(conf.get(ProfileJob.GRAPH_PATH));
    for (OneIdMerge m : AvroFiles.read(conf, DmpPaths.merges(graph), OneIdMerge.class)) {
      survivorOf.put(m.getRetired(), m.getSurvivor());
    }
    for (SuppressedId s : AvroFiles.read(conf, DmpPaths.suppressed(graph), SuppressedId.class)) {
      suppressed.add(s.getId());
    }
  }

  String resolve(String oneId) {
    return survivorOf.getOrDefault(oneId, oneId);
  }
}
