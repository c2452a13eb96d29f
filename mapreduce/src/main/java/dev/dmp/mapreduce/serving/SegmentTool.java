package dev.dmp.mapreduce.serving;

import dev.dmp.core.DmpException;
import dev.dmp.core.RunDate;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.DmpClient;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.mapreduce.audience.Destinations;
import dev.dmp.mapreduce.audience.Exports;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.profile.ProfileJob;
import dev.dmp.mapreduce.profile.ProfileRules;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dmp segment NAME [--limit N] [--after ROW] | --contains ONEID}: a segment's members, one
 * OneID per line, by a paged scan of {@code dmp:segment}; or whether one person is a member (exit 0
 * yes, 1 no).
 */
public class SegmentTool extends DmpTool {

  public static final String NAME = "segment";

  public static void main(String[] args) throws Exception {
    main(new SegmentTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "NAME [--limit N] [--after ROW] | NAME --contains ONEID"
        + " | export NAME --date YYYY-MM-DD --destination DEST | export --date YYYY-MM-DD";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("limit").hasArg().desc("members (100)").build())
        .addOption(Option.builder().longOpt("after").hasArg().desc("row to page from").build())
        .addOption(Option.builder().longOpt("contains").hasArg().desc("a OneID").build())
        .addOption(
            Option.builder().longOpt("date").hasArg().desc("export: the day's members").build())
        .addOption(
            Option.builder()
                .longOpt("destination")
                .hasArg()
                .desc("export: a destination of " + Destinations.FILE)
                .build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    if (!cmd.getArgList().isEmpty() && cmd.getArgList().get(0).equals("export")) {
      return export(cmd);
    }
    if (cmd.getArgList().size() != 1) {
      throw new UsageException("give one segment name");
    }
    String segment = cmd.getArgList().get(0);
    int limit = (int) wholeNumber(cmd, "limit", 100, 1, Integer.MAX_VALUE);
    Set<String> known = ProfileRules.segmentNames(getConf());
    if (known != null && !known.contains(segment)) {
      throw new DmpException(
          "no segment '"
              + segment
              + "' in "
              + getConf().get(ProfileJob.SEGMENTS_FILE)
              + " (the segments are: "
              + (known.isEmpty() ? "none" : String.join(", ", known))
              + ")");
    }
    try (DmpClient client = DmpClient.connect(HBaseConnections.clientConf(getConf()))) {
      HalfLoaded.warn(client, err);
      if (cmd.hasOption("contains")) {
        String oneId = cmd.getOptionValue("contains");
        boolean member = client.inSegment(segment, oneId);
        out.println(oneId + (member ? " is in " : " is not in ") + segment);
        return member ? OK : FAILED;
      }
      DmpClient.Page page =
          client.segmentMembers(segment, Optional.ofNullable(cmd.getOptionValue("after")), limit);
      page.oneIds().forEach(out::println);
      err.printf("dmp segment: %,d member(s) of %s shown", page.oneIds().size(), segment);
      err.println(page.next().map(n -> "; more with --after " + n).orElse(""));
      return OK;
    }
  }

  /**
   * {@code export NAME --date D --destination DEST}: the segment's audience for one destination;
   * {@code export --date D}: every segment each destination lists.
   */
  private int export(CommandLine cmd) throws Exception {
    RunDate date = RunDate.parse(required(cmd, "date"));
    List<String> args = cmd.getArgList();
    if (args.size() == 1) {
      if (cmd.hasOption("destination")) {
        throw new UsageException(
            "--destination needs a segment: export NAME --date D --destination DEST");
      }
      Exports.configured(getConf(), date, out);
    } else if (args.size() == 2) {
      Exports.one(getConf(), args.get(1), date, required(cmd, "destination"), out);
    } else {
      throw new UsageException("export takes one segment name");
    }
    return OK;
  }
}
