package dev.dmp.stream;

import dev.dmp.mapreduce.Driver;
import dev.dmp.mapreduce.Driver.Command;
import java.util.List;

/** The stream module's command, which {@link Driver} finds on the class path. */
public final class StreamCommands implements Driver.CommandSet {

  @Override
  public List<Command> commands() {
    return List.of(
        new Command(
            StreamTool.NAME, StreamTool.class, "land Kafka topics in the raw zone (Flink)"));
  }
}
