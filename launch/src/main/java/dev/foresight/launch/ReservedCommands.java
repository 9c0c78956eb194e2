package dev.foresight.launch;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Command(
      name = "demo",
      description = "Run the closed loop in the embedded simulator and write a report.")
  static final class Demo extends Reserved {
    @Override
    String needs() {
      return "the simulator, world model, planner and bridge (issues 3, 4, 6, 7, 8)";
    }
  }

  @Command(name = "run", description = "Run the closed loop against a bridge agent (a real arm).")
  static final class Run extends Reserved {
    @Override
    String needs() {
      return "the closed loop (issue 8)";
    }
  }

  @Command(name = "sim", description = "Record datasets and evaluate seeded episodes.")
  static final class Sim extends Reserved {
    @Override
    String needs() {
      return "the embedded simulator (issue 3)";
    }
  }

  @Command(name = "node", description = "Run a component as a ROS node.")
  static final class Node extends Reserved {
    @Override
    String needs() {
      return "the ROS 1 client (issue 5)";
    }
  }

  @Command(name = "agent", description = "Run the robot bridge agent next to an arm.")
  static final class Agent extends Reserved {
    @Override
    String needs() {
      return "the robot bridge (issue 4)";
    }
  }

  @Command(name = "launch", description = "Run a launch description (YAML).")
  static final class Launch extends Reserved {
    @Override
    String needs() {
      return "the launch wiring (issue 8)";
    }
  }
}
