package dev.dmp.mapreduce.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;

/**
 * The real HBase shell ({@code hbase-shell} and JRuby from the test class path) in a child JVM, the
 * way {@code bin/hbase shell -n SCRIPT} runs it: {@code org.jruby.JarBootstrapMain} runs the
 * shell's {@code jar-bootstrap.rb}. The 2.4 shell is the newest published; its {@code trace}
 * command needs HTrace, which HBase 2.5 removed, so a no-op {@code trace} goes first on the Ruby
 * load path ({@code hbase.ruby.sources}).
 */
public final class HBaseShell {

  private static final long TIMEOUT_SECONDS = 180;
  private static final String NO_OP_TRACE =
      """
      # HTrace left HBase in 2.5; the 2.4 shell's `trace` is a no-op here.
      module Shell
        module Commands
          class Trace < Command
            def help
              'Tracing is not available.'
            end

            def command(*_args)
              false
            end
          end
        end
      end
      """;

  private HBaseShell() {}

  /**
   * Runs each query in one shell session against the cluster {@code conf} names and returns each
   * query's printed output, in order. Fails with the whole output if the shell exits non-zero (with
   * {@code -n} it stops at the first failing command).
   */
  public static Map<String, String> run(Configuration conf, Path workDir, List<String> queries)
      throws IOException, InterruptedException {
    Path sources = workDir.resolve("ruby");
    Files.createDirectories(sources.resolve("shell/commands"));
    Files.writeString(sources.resolve("shell/commands/trace.rb"), NO_OP_TRACE);
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < queries.size(); i++) {
      script.append("puts '").append(marker(i)).append("'\n").append(queries.get(i)).append('\n');
    }
    script.append("puts '").append(marker(queries.size())).append("'\nexit\n");
    Path file = workDir.resolve("queries.rb");
    Files.writeString(file, script);

    List<String> command = ChildJvm.java("-Xmx512m");
    command.add("-Dhbase.ruby.sources=" + sources);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, ChildJvm.classPath()));
    command.add("org.jruby.JarBootstrapMain");
    command.add("-n");
    command.add("-D" + HConstants.ZOOKEEPER_QUORUM + "=" + conf.get(HConstants.ZOOKEEPER_QUORUM));
    command.add(
        "-D" + HConstants.ZOOKEEPER_CLIENT_PORT + "=" + conf.get(HConstants.ZOOKEEPER_CLIENT_PORT));
    command.add(file.toString());
    Path log = workDir.resolve("shell.out");
    ChildJvm.run(command, log, workDir.resolve("shell.err"), TIMEOUT_SECONDS);
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Map<String, String> answers = new LinkedHashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      int from = out.indexOf(marker(i));
      int to = out.indexOf(marker(i + 1));
      if (from < 0 || to < 0) {
        throw new AssertionError("the HBase shell did not run query " + i + ":\n" + out);
      }
      answers.put(queries.get(i), out.substring(from + marker(i).length(), to).strip());
    }
    return answers;
  }

  private static String marker(int i) {
    return "=== dmp query " + i + " ===";
  }
}
