package dev.foresight.launch;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Command names reserved for capabilities that are still being built. Each prints what is missing
 * and where it is tracked, and exits with status 3, so scripts can tell "not yet" from "failed".
 */
final class ReservedCommands {
  /** Exit status of a command whose capability is not built yet. */
  static final int NOT_YET_AVAILABLE = 3;

  private ReservedCommands() {}

  /** Common body: report what the command will do and what it still needs. */
  abstract static class Reserved implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Unmatched List<String> ignored;

    abstract String needs();

    @Override
    public Integer call() {
      spec.commandLine()
          .getErr()
          .printf("foresight %s: not available yet: needs %s%n", spec.name(), needs());
      return NOT_YET_AVAILABLE;
    }
  }
}
