package dev.dmp.sandbox;

import dev.dmp.mapreduce.Driver;
import dev.dmp.mapreduce.Driver.Command;
import dev.dmp.sandbox.bench.BenchTool;
import dev.dmp.sandbox.demo.DemoTool;
import dev.dmp.sandbox.generate.GenerateTool;
import java.util.List;

/** The sandbox's commands, which {@link Driver} finds on embedded mode's class path. */
public final class SandboxCommands implements Driver.CommandSet {

  @Override
  public List<Command> commands() {
    return List.of(
        new Command(
            GenerateTool.NAME, GenerateTool.class, "write realistic raw events and their truth"),
        new Command(
            DemoTool.NAME, DemoTool.class, "generate a day and run it end to end (embedded mode)"),
        new Command(BenchTool.NAME, BenchTool.class, "measure the stages on generated data"));
  }
}
