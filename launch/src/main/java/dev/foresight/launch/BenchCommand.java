package dev.foresight.launch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench …}: benchmark programs that print numbers. Each component adds its own
 * subcommand; tests never time anything.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Print speed numbers of each component.",
    subcommands = {
      BenchSimCommand.class,
      BenchModelCommands.Encoder.class,
      BenchModelCommands.Predictor.class,
      PlannerBenchCommand.class,
      BenchBridgeCommand.class,
      BenchRosCommand.class,
      BenchRos2Command.class,
      BenchBagCommand.class,
      BenchSoakCommand.class,
      BenchViewCommand.class
    })
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
