package dev.dmp.mapreduce.erasure;

import dev.dmp.avro.SuppressedId;
import dev.dmp.core.Identifier;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.UsageException;
import dev.dmp.hbase.Erasure;
import dev.dmp.hbase.HBaseConnections;
import dev.dmp.hbase.security.LookupAudit;
import dev.dmp.mapreduce.audience.ExportScrub;
import dev.dmp.mapreduce.common.DayLock;
import dev.dmp.mapreduce.common.DmpPaths;
import dev.dmp.mapreduce.common.DmpTool;
import dev.dmp.mapreduce.common.JobRunner;
import dev.dmp.mapreduce.common.PathGuard;
import dev.dmp.mapreduce.common.StagedOutput;
import dev.dmp.mapreduce.common.Staging;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Connection;

/**
 * {@code dmp forget --id TYPE:VALUE ... | --file F}: adds identifiers, normalised and hashed
 * exactly like ingestion, to the suppression list that {@code clean} honours. Where the DMP has an
 * HBase, the people they belong to are erased from every table at once, and all of their
 * identifiers join the list. Identifiers are echoed only in canonical (hashed) form. Each call adds
 * one file, written under a hidden name and renamed.
 */
public class ForgetTool extends DmpTool {

  public static final String NAME = "forget";

  public static void main(String[] args) throws Exception {
    main(new ForgetTool(), args);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String synopsis() {
    return "--id TYPE:VALUE [--id ...] | --file FILE (one TYPE:VALUE per line)";
  }

  @Override
  protected Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("id").hasArg().desc("identifier to forget").build())
        .addOption(Option.builder().longOpt("file").hasArg().desc("file of identifiers").build());
  }

  @Override
  protected int execute(CommandLine cmd) throws Exception {
    HBaseConnections.requireConfigured(getConf());
    List<String> given = new ArrayList<>();
    if (cmd.getOptionValues("id") != null) {
      given.addAll(List.of(cmd.getOptionValues("id")));
    }
    if (cmd.hasOption("file")) {
      Path file = new Path(cmd.getOptionValue("file"));
      FileSystem fs = file.getFileSystem(getConf());
      if (!fs.exists(file)) {
        throw new UsageException("--file " + file + " does not exist");
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        r.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .forEach(given::add);
      }
    }
    if (given.isEmpty()) {
      throw new UsageException("give --id or --file");
    }
    Set<String> canonical = canonicalize(IdentifierNormalizer.fromSettings(getConf()::get), given);
    // Nothing changes before the erasure holds every day (and so every run's place) and has left
    // its pending record: a day held by a live run stops it here, with nothing half done.
    List<DayLock> locks = ErasureLocks.lockEveryDay(getConf(), NAME);
    try (DayLock forgetting = DayLock.acquire(getConf(), FORGET_LOCK, NAME)) {
      return forget(canonical, ErasureLog.pending(getConf()));
    } finally {
      for (DayLock lock : locks) {
        lock.close();
      }
    }
  }

  /** The lock every erasure holds: the scratch of one that died is swept only without it. */
  public static final String FORGET_LOCK = "forget";

  private int forget(Set<String> canonical, Path pending) throws Exception {
    // The whole person goes: every identifier of their component, by the newest graph and HBase.
    Purge.People people = Purge.expand(getConf(), new Purge.People(canonical, Set.of()));
    Set<String> identifiers = new TreeSet<>(people.identifiers());
    Set<String> oneIds = new TreeSet<>(people.oneIds());
    Path dir = DmpPaths.of(getConf()).suppression();
    // The suppression list first: from here on no run brings the person back, even if the rest
    // of this erasure fails (its pending record says so; running forget again completes it).
    write(dir, identifiers);
    Set<String> known = new TreeSet<>(identifiers);
    int[] hbaseRows = {0};
    erase(identifiers, oneIds, hbaseRows);
    Set<String> fromHBase = new TreeSet<>(identifiers);
    fromHBase.removeAll(known);
    if (!fromHBase.isEmpty()) {
      write(dir, fromHBase);
    }
    for (Path p : ErasureLocks.removeDeadScratch(getConf())) {
      out.println("deleted " + p + " (left by an erasure that did not finish)");
    }
    for (Path p : Staging.removeDead(getConf())) {
      out.println("deleted " + p + " (left by a run that did not finish)");
    }
    // Raw days no graph has seen yet may show more of the person: the purge finds them too.
    Purge.Result purged =
        Purge.run(getConf(), new Purge.People(identifiers, oneIds), new JobRunner(out));
    Set<String> more = new TreeSet<>(purged.identifiers());
    more.removeAll(identifiers);
    if (!more.isEmpty()) {
      erase(more, oneIds, hbaseRows);
      write(dir, more);
      identifiers.addAll(more);
    }
    // Counts only: an erasure's output goes to logs and terminals, which must not name the person.
    out.printf(
        "%d identifier(s) added to %s; the next clean run drops their events%n",
        identifiers.size(), dir);
    if (HBaseConnections.enabled(getConf())) {
      out.printf("%d person(s) erased from HBase (%d rows)%n", oneIds.size(), hbaseRows[0]);
    }
    out.printf(
        "purged %,d record(s) of theirs from %,d file(s) in %d round(s): %s%n",
        purged.removedTotal(),
        purged.rewritten().values().stream().mapToLong(Long::longValue).sum(),
        purged.rounds(),
        purged.removed().isEmpty() ? "nothing of theirs was kept" : purged.removed());
    ExportScrub.Result scrubbed = ExportScrub.run(getConf(), identifiers);
    out.printf(
        "scrubbed %,d identifier(s) of theirs from %,d export file(s)%n",
        scrubbed.lines(), scrubbed.files());
    Path record =
        ErasureLog.complete(
            getConf(), pending, identifiers.size(), oneIds.size(), hbaseRows[0], purged);
    out.println("erasure recorded in " + record + " (counts only, no identifier)");
    LookupAudit.ran(
        NAME,
        String.format(
            "%d person(s), %d identifier(s), %d record(s) purged",
            oneIds.size(), identifiers.size(), purged.removedTotal()));
    return OK;
  }

  /**
   * Erases the people of {@code identifiers} from HBase, where there is one: every table at once,
   * their other identifiers and OneIDs added to the sets, the rows deleted added to {@code rows}.
   */
  private void erase(Set<String> identifiers, Set<String> oneIds, int[] rows) throws Exception {
    if (!HBaseConnections.enabled(getConf())) {
      return;
    }
    try (Connection c = HBaseConnections.connect(getConf())) {
      Erasure.Erased e = Erasure.erase(c, List.copyOf(identifiers));
      identifiers.addAll(e.identifiers());
      oneIds.addAll(e.oneIds());
      rows[0] += e.rowsDeleted();
    }
  }

  /** Canonical forms of {@code given}; a value that identifies no one is a usage error. */
  static Set<String> canonicalize(IdentifierNormalizer normalizer, List<String> given)
      throws UsageException {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < given.size(); i++) {
      Identifier id;
      try {
        id = Identifier.parse(given.get(i));
      } catch (IllegalArgumentException e) {
        throw new UsageException("identifier " + (i + 1) + ": " + e.getMessage());
      }
      IdentifierNormalizer.Result r = normalizer.normalize(id.type(), id.value());
      if (r instanceof IdentifierNormalizer.Usable u) {
        out.add(u.id().toString());
      } else if (r instanceof IdentifierNormalizer.UnknownType t) {
        throw new UsageException("identifier " + (i + 1) + ": unknown type '" + t.type() + "'");
      } else {
        throw new UsageException(
            "identifier "
                + (i + 1)
                + " ("
                + id.type()
                + "): "
                + ((IdentifierNormalizer.Junk) r).why());
      }
    }
    return out;
  }

  private void write(Path dir, Set<String> ids) throws IOException {
    FileSystem fs = dir.getFileSystem(getConf());
    StagedOutput.mkdirsOwnerOnly(fs, dir);
    String name = "forget-" + System.currentTimeMillis() + "-" + UUID.randomUUID() + ".avro";
    Path tmp = new Path(dir, "." + name);
    long now = System.currentTimeMillis();
    try (FSDataOutputStream stream = fs.create(tmp, false);
        DataFileWriter<SuppressedId> w =
            new DataFileWriter<>(new SpecificDatumWriter<>(SuppressedId.class))) {
      w.create(SuppressedId.getClassSchema(), stream);
      for (String id : ids) {
        w.append(new SuppressedId(id, now));
      }
    }
    if (!PathGuard.of(getConf()).rename(tmp, new Path(dir, name))) {
      throw new IOException("cannot move " + tmp + " into " + dir);
    }
  }
}
