package dev.foresight.bridge;

import java.time.Duration;

/**
 * How the latency-critical threads run: the agent's I/O thread and control-loop thread (and, in the
 * benchmark, the client's sender and I/O threads). All off by default.
 *
 * @param realtimePriority SCHED_FIFO priority 1–99 for those threads, or 0 for normal scheduling;
 *     see {@link RealtimeScheduling}
 * @param cpuList CPUs to pin those threads to ({@code taskset} list syntax, e.g. {@code 3} or
 *     {@code 2-3}), or null for no pinning
 * @param controlSpin the control loop parks until this long before each tick, then spins (busy
 *     waits) to the tick; zero parks all the way. Trades CPU time for tick jitter
 * @param chrtCommand the util-linux {@code chrt} to run, normally {@code chrt} from the PATH
 * @param tasksetCommand the util-linux {@code taskset} to run, normally from the PATH
 */
public record LatencyOptions(
    int realtimePriority,
    String cpuList,
    Duration controlSpin,
    String chrtCommand,
    String tasksetCommand) {

  /** Default SCHED_FIFO priority of {@code --realtime} without a value. */
  public static final int DEFAULT_REALTIME_PRIORITY = 50;

  /** Normal scheduling, no pinning, no spinning. */
  public static final LatencyOptions NORMAL =
      new LatencyOptions(0, null, Duration.ZERO, null, null);

  /** Checks the values; null tools mean {@code chrt} and {@code taskset} from the PATH. */
  public LatencyOptions {
    if (realtimePriority < 0 || realtimePriority > 99) {
      throw new IllegalArgumentException(
          "realtime priority: "
              + realtimePriority
              + " is out of range, expected 1-99 (SCHED_FIFO) or 0 for normal scheduling");
    }
    if (cpuList != null && !cpuList.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
      throw new IllegalArgumentException(
          "CPU list: '" + cpuList + "' is not valid, expected e.g. 3, 2-3 or 1,3");
    }
    if (controlSpin == null) {
      controlSpin = Duration.ZERO;
    }
    if (controlSpin.isNegative() || controlSpin.compareTo(Duration.ofMillis(10)) > 0) {
      throw new IllegalArgumentException(
          "control spin: "
              + controlSpin.toNanos() / 1000
              + " us is out of range, expected 0-10000");
    }
    if (chrtCommand == null || chrtCommand.isBlank()) {
      chrtCommand = "chrt";
    }
    if (tasksetCommand == null || tasksetCommand.isBlank()) {
      tasksetCommand = "taskset";
    }
  }

  /** Whether SCHED_FIFO is requested. */
  public boolean realtime() {
    return realtimePriority > 0;
  }

  /** Whether anything must be applied to the latency-critical threads. */
  public boolean changesThreads() {
    return realtime() || cpuList != null;
  }

  /** A copy asking for SCHED_FIFO at {@code priority} (0 for normal scheduling). */
  public LatencyOptions withRealtimePriority(int priority) {
    return new LatencyOptions(priority, cpuList, controlSpin, chrtCommand, tasksetCommand);
  }

  /** A copy pinning the threads to {@code cpus} (null for no pinning). */
  public LatencyOptions withCpuList(String cpus) {
    return new LatencyOptions(realtimePriority, cpus, controlSpin, chrtCommand, tasksetCommand);
  }

  /** A copy with another control-loop spin window. */
  public LatencyOptions withControlSpin(Duration spin) {
    return new LatencyOptions(realtimePriority, cpuList, spin, chrtCommand, tasksetCommand);
  }

  /** A copy running another {@code chrt} (tests, unusual installs). */
  public LatencyOptions withChrtCommand(String command) {
    return new LatencyOptions(realtimePriority, cpuList, controlSpin, command, tasksetCommand);
  }
}
