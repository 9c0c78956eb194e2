package dev.foresight.launch;

import dev.foresight.ros2.tools.Ros2ImageBench;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight bench ros2}: image throughput and latency over ROS 2 (Fast-DDS, loopback UDP),
 * Java to Java and Java to the C++ Fast-DDS peer and back, in the same run.
 */
@Command(
    name = "ros2",
    mixinStandardHelpOptions = true,
    description = {
      "Image throughput and latency over ROS 2 (Fast-DDS, UDPv4 loopback).",
      "Pairs: java-java (one way) and java-cpp-java (round trip through a C++ Fast-DDS peer",
      "built with fastddsgen and g++ against libfastrtps). Rate 0 means as fast as possible."
    })
final class BenchRos2Command implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--seconds", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
  double seconds = 5;

  @Option(
      names = "--rates",
      split = ",",
      description = "Offered rates in Hz, 0 = max (default ${DEFAULT-VALUE}).")
  List<Double> rates = List.of(300.0, 1000.0, 0.0);

  @Option(names = "--pairs", split = ",", description = "java-java, java-cpp-java (default: both).")
  List<String> pairs = List.of("java-java", "java-cpp-java");

  @Option(names = "--domain", description = "ROS_DOMAIN_ID of the run (default ${DEFAULT-VALUE}).")
  int domain = 42;

  @Override
  public Integer call() throws Exception {
    Ros2ImageBench.run(
        new Ros2ImageBench.Settings(
            seconds,
            rates,
            pairs.stream().map(Ros2ImageBench.Pair::parse).toList(),
            640,
            480,
            domain,
            Path.of(System.getProperty("java.io.tmpdir"), "foresight", "fastdds-peer")),
        spec.commandLine().getOut());
    return 0;
  }
}
