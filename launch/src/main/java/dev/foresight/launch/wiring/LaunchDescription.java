package dev.foresight.launch.wiring;

import java.time.Duration;
import java.util.List;

/**
 * A named set of components and their start-up order.
 *
 * @param name the system's name, shown in logs
 * @param components components in file order
 */
public record LaunchDescription(String name, List<Component> components) {

  /** How a component runs. */
  public enum Mode {
    /** A {@code foresight} subcommand on a thread of the launching JVM (the default). */
    INLINE,
    /** Its own operating-system process. */
    PROCESS
  }

  /**
   * One part of the system.
   *
   * @param name unique name, used in {@code after} lists and as the output prefix
   * @param foresight whether {@code command} is a {@code foresight} subcommand (else a program)
   * @param command subcommand and arguments, or program and arguments
   * @param mode inline or process; programs always run as processes
   * @param after components that must be ready before this one starts
   * @param readyTcpPort port that accepts connections once the component is ready, 0 for none
   * @param readyTimeout how long to wait for readiness
   * @param stopTimeout how long a component may take to stop before it is killed
   * @param oneShot whether the component is a step that runs to completion: it counts as ready once
   *     it exited with status 0, and its exit does not end the run
   */
  public record Component(
      String name,
      boolean foresight,
      List<String> command,
      Mode mode,
      List<String> after,
      int readyTcpPort,
      Duration readyTimeout,
      Duration stopTimeout,
      boolean oneShot) {

    /** Copies the lists. */
    public Component {
      command = List.copyOf(command);
      after = List.copyOf(after);
    }
  }

  /** Copies the list. */
  public LaunchDescription {
    components = List.copyOf(components);
  }
}
