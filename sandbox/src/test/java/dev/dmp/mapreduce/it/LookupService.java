package dev.dmp.mapreduce.it;

import dev.dmp.hbase.DmpClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A long-lived lookup service, as an application server embeds {@link DmpClient}: one connection,
 * logged in from a keytab, then a lookup round every second until a stop file appears. Each round
 * looks up the identifiers listed in a file (one per line; until that file exists, one identifier
 * nobody has) and prints one line: {@code ok SECONDS FOUND/ASKED} or {@code error SECONDS MESSAGE}.
 * It runs in a JVM of its own ({@code main}), so that its Kerberos login is its own.
 */
public final class LookupService {

  private LookupService() {}

  /** Arguments: the site file, the identifiers file, the stop file. */
  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.addResource(new org.apache.hadoop.fs.Path(args[0]));
    Path ids = Path.of(args[1]);
    Path stop = Path.of(args[2]);
    PrintStream out = System.out;
    long start = System.nanoTime();
    try (DmpClient client = DmpClient.connect(conf)) {
      while (!Files.exists(stop)) {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        List<String> asked =
            Files.exists(ids)
                ? Files.readAllLines(ids).stream().filter(l -> !l.isBlank()).toList()
                : List.of("cookie:ck_nobody");
        try {
          long found = client.lookupAll(asked).stream().filter(DmpClient.Lookup::found).count();
          out.println("ok " + seconds + " " + found + "/" + asked.size());
        } catch (Exception e) {
          out.println("error " + seconds + " " + e);
        }
        out.flush();
        Thread.sleep(1_000);
      }
    }
  }
}
