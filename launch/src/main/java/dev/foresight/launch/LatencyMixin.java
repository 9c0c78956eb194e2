package dev.foresight.launch;

import dev.foresight.bridge.LatencyOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --realtime[=PRIO]}, {@code --cpus} and {@code --control-spin-us} options shared by
 * {@code foresight agent} and {@code foresight bench bridge}.
 */
final class LatencyMixin {
  @Option(
      names = "--realtime",
      arity = "0..1",
      fallbackValue = "" + LatencyOptions.DEFAULT_REALTIME_PRIORITY,
      paramLabel = "PRIO",
      description =
          "Run the latency-critical threads (agent I/O, control loop; in the bench also the"
              + " client's sender and I/O) under SCHED_FIFO at PRIO 1-99 (default"
              + " ${FALLBACK-VALUE}) via util-linux chrt; only those threads, not the whole JVM."
              + " Needs root, CAP_SYS_NICE or an RLIMIT_RTPRIO >= PRIO (ulimit -r, systemd"
              + " LimitRTPRIO=); when refused, says so in one line and runs at normal priority.")
  Integer realtime;

  @Option(
      names = "--cpus",
      paramLabel = "LIST",
      description =
          "Pin the latency-critical threads to these CPUs (taskset list, e.g. 3 or 2-3), ideally"
              + " ones kept free with isolcpus=.")
  String cpus;

  @Option(
      names = "--control-spin-us",
      paramLabel = "US",
      defaultValue = "0",
      description =
          "The control loop sleeps until US microseconds before each tick and busy-waits the"
              + " rest (less tick jitter for that much CPU per tick); default ${DEFAULT-VALUE}.")
  long controlSpinMicros;

  /** The options as given; bad values become one line naming the option. */
  LatencyOptions toOptions() {
    if (realtime != null && (realtime < 1 || realtime > 99)) {
      throw new IllegalArgumentException(
          "--realtime: " + realtime + " is out of range, expected a SCHED_FIFO priority 1-99");
    }
    if (cpus != null && !cpus.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
      throw new IllegalArgumentException(
          "--cpus: '" + cpus + "' is not a CPU list, expected e.g. 3, 2-3 or 1,3");
    }
    if (controlSpinMicros < 0 || controlSpinMicros > 10_000) {
      throw new IllegalArgumentException(
          "--control-spin-us: " + controlSpinMicros + " is out of range, expected 0-10000");
    }
    return new LatencyOptions(
        realtime == null ? 0 : realtime,
        cpus,
        Duration.ofNanos(controlSpinMicros * 1000),
        null,
        null);
  }
}
