package dev.foresight.launch;

import dev.foresight.bridge.BridgeBenchmark;
import dev.foresight.bridge.Transport;
import dev.foresight.config.ForesightConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench soak}: the bridge at 1 kHz, then 640×480 ROS images at 300 Hz, each for
 * the same long stretch, with drops, latency percentiles and the heap before and after (both after
 * a full collection), to see leaks and slow degradation that a short benchmark hides. Not part of
 * the test suite: it runs for {@code 2 × --minutes}.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Long run: the bridge at --bridge-rate (default 1 kHz) for --minutes, then java->java",
      "640x480 rgb8 images over TCPROS at --ros-rate (default 300 Hz) for --minutes",
      "(starts its own roscore). Prints drops, latency percentiles, watchdog trips and heap",
      "growth (used heap after a full GC, before and after each part)."
    })
final class BenchSoakCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--minutes",
      defaultValue = "10",
      paramLabel = "M",
      description = "Minutes for each part; default ${DEFAULT-VALUE}.")
  double minutes;

  @Option(
      names = "--bridge-rate",
      defaultValue = "1000",
      paramLabel = "HZ",
      description = "Bridge commands per second; default ${DEFAULT-VALUE}.")
  double bridgeRate;

  @Option(
      names = "--ros-rate",
      defaultValue = "300",
      paramLabel = "HZ",
      description = "Images per second; default ${DEFAULT-VALUE}.")
  double rosRate;

  @Override
  public Integer call() throws Exception {
    if (!(minutes > 0 && minutes <= 10)) {
      throw new IllegalArgumentException(
          "--minutes: " + minutes + " is out of range, expected (0, 10]");
    }
    PrintWriter out = spec.commandLine().getOut();
    double seconds = minutes * 60;
    out.printf(
        Locale.ROOT, "soak: %.1f min of bridge, then %.1f min of ROS images%n", minutes, minutes);

    long heapBefore = heapAfterGc();
    BridgeBenchmark.Settings settings =
        new BridgeBenchmark.Settings(
            bridgeRate,
            Duration.ofMillis(Math.round(seconds * 1000)),
            Duration.ofSeconds(3),
            BenchBridgeCommand.profileAt(ForesightConfig.DEFAULTS.robot(), 1000),
            Transport.best(),
            Duration.ofMillis(100),
            dev.foresight.bridge.LatencyOptions.NORMAL);
    BridgeBenchmark.Result bridge = BridgeBenchmark.run(settings);
    BridgeBenchmark.print(settings, bridge, out);
    long heapAfterBridge = heapAfterGc();
    out.printf(
        Locale.ROOT,
        "soak bridge: watchdog trips %d; heap after GC %.1f MiB before, %.1f MiB after (%+.1f"
            + " MiB)%n",
        bridge.telemetry().watchdogTrips(),
        heapBefore / 1048576.0,
        heapAfterBridge / 1048576.0,
        (heapAfterBridge - heapBefore) / 1048576.0);
    out.flush();

    int status =
        new CommandLine(new BenchRosCommand())
            .setOut(out)
            .setErr(spec.commandLine().getErr())
            .execute(
                "--pairs",
                "java-java",
                "--rates",
                String.valueOf(rosRate),
                "--seconds",
                String.valueOf(seconds));
    long heapAfterRos = heapAfterGc();
    out.printf(
        Locale.ROOT,
        "soak ros: heap after GC %.1f MiB before, %.1f MiB after (%+.1f MiB)%n",
        heapAfterBridge / 1048576.0,
        heapAfterRos / 1048576.0,
        (heapAfterRos - heapAfterBridge) / 1048576.0);
    out.flush();
    return status;
  }

  private static long heapAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
