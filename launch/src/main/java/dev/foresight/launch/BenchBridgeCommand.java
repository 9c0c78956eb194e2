package dev.foresight.launch;

import dev.foresight.bridge.BridgeBenchmark;
import dev.foresight.bridge.Transport;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.RobotProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foresight bench bridge}: command latency, drops and control-loop jitter on loopback. */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Command latency, drops and control-loop jitter over loopback.",
      "Streams commands to an in-process agent driving the kinematic arm.",
      "Prints latency p50/p99/p99.9, drops, loop jitter, the load average, CPU steal,",
      "GC activity and the scheduling each latency-critical thread got (--realtime).",
      "Deployed like the agent next to an arm: --realtime --cpus N (see README)."
    })
final class BenchBridgeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      paramLabel = "HZ",
      description = "Commands per second; default ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      paramLabel = "S",
      description = "Measured streaming time; default ${DEFAULT-VALUE}.")
  double seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "3",
      paramLabel = "S",
      description = "Warm-up run first; default ${DEFAULT-VALUE}.")
  double warmupSeconds;

  @Option(
      names = "--control-rate",
      defaultValue = "1000",
      paramLabel = "HZ",
      description =
          "Agent control loop rate; default ${DEFAULT-VALUE} (overrides robot.controlRateHz).")
  double controlRate;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Robot profile from this file; defaults when absent.")
  Path config;

  @Option(
      names = "--transport",
      defaultValue = "best",
      paramLabel = "T",
      description = "epoll, nio or best; default ${DEFAULT-VALUE}.")
  String transport;

  @Mixin LatencyMixin latency;

  @Override
  public Integer call() throws InterruptedException {
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new IllegalArgumentException(
          "--seconds: " + seconds + " is out of range, expected (0, 3600]");
    }
    if (!(warmupSeconds >= 0 && warmupSeconds <= 600)) {
      throw new IllegalArgumentException(
          "--warmup-seconds: " + warmupSeconds + " is out of range, expected [0, 600]");
    }
    ForesightConfig cfg = ConfigFiles.load(config);
    RobotProfile profile =
        profileAt(cfg.robot(), RobotProfile.CONTROL_RATE.require("--control-rate", controlRate));
    Transport chosen =
        switch (transport) {
          case "best" -> Transport.best();
          case "nio" -> Transport.nio();
          case "epoll" -> {
            Transport best = Transport.best();
            if (!best.name().equals("epoll")) {
              throw new IllegalArgumentException(
                  "--transport epoll: native epoll is not available on this machine");
            }
            yield best;
          }
          default ->
              throw new IllegalArgumentException(
                  "--transport: '" + transport + "' is not valid, expected epoll, nio or best");
        };
    BridgeBenchmark.Settings settings =
        new BridgeBenchmark.Settings(
            rate,
            Duration.ofMillis(Math.round(seconds * 1000)),
            Duration.ofMillis(Math.round(warmupSeconds * 1000)),
            profile,
            chosen,
            Duration.ofMillis(100),
            latency.toOptions());
    BridgeBenchmark.Result result = BridgeBenchmark.run(settings);
    BridgeBenchmark.print(settings, result, spec.commandLine().getOut());
    return 0;
  }

  /** {@code p} with another control rate. */
  static RobotProfile profileAt(RobotProfile p, double controlRateHz) {
    return new RobotProfile(
        p.robotId(),
        p.workspaceInBase(),
        p.maxEeSpeedMps(),
        p.maxStepM(),
        p.maxRotationStepRad(),
        p.gripperMin(),
        p.gripperMax(),
        controlRateHz,
        p.watchdogTimeout(),
        p.collaborative(),
        p.measuredStateMaxAge(),
        p.maxTrackingErrorM(),
        p.maxTrackingErrorRad());
  }
}
