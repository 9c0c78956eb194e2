package dev.foresight.ros2;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The C++ Fast-DDS peer of the interop tests: generated from ROS 2-style IDL with Debian's {@code
 * fastddsgen}, compiled with {@code g++} against {@code libfastrtps}, run as a child process whose
 * stdout lines are collected. Tests skip (with one line saying why) where the tools are missing;
 * {@code ./foresight test} installs them.
 */
final class FastDdsPeer implements AutoCloseable {
  private static final Path BUILD = Path.of("target", "fastdds-peer").toAbsolutePath();
  private static final String[] SOURCES = {"ros2_msgs.idl", "ros2_peer.cpp"};
  private static Path binary;

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private FastDdsPeer(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("stdout closed: " + e.getMessage());
              }
            },
            "fastdds-peer-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Skips the calling test unless fastddsgen, g++ and the Fast-DDS headers are present. */
  static void assumeToolsPresent() {
    String missing = missingTools();
    assumeTrue(missing == null, () -> "C++ Fast-DDS peer not built: " + missing);
  }

  private static String missingTools() {
    if (!onPath("fastddsgen")) {
      return "fastddsgen not found (Debian package fastddsgen)";
    }
    if (!onPath("g++")) {
      return "g++ not found (Debian package g++)";
    }
    if (!Files.exists(Path.of("/usr/include/fastdds/dds/domain/DomainParticipant.hpp"))) {
      return "Fast-DDS headers not found (Debian package libfastrtps-dev)";
    }
    return null;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Builds the peer once per JVM (and reuses an up-to-date build from an earlier run). */
  static synchronized Path build() throws IOException, InterruptedException {
    assumeToolsPresent();
    if (binary != null) {
      return binary;
    }
    Files.createDirectories(BUILD);
    boolean fresh = true;
    for (String source : SOURCES) {
      byte[] bytes;
      try (InputStream in = FastDdsPeer.class.getResourceAsStream("/fastdds-peer/" + source)) {
        bytes = in.readAllBytes();
      }
      Path target = BUILD.resolve(source);
      if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
        Files.write(target, bytes);
        fresh = false;
      }
    }
    Path peer = BUILD.resolve("ros2_peer");
    if (!fresh || !Files.isExecutable(peer)) {
      run(
          "fastddsgen",
          "-replace",
          "-d",
          BUILD.toString(),
          BUILD.resolve("ros2_msgs.idl").toString());
      Path partial = BUILD.resolve("ros2_peer.partial");
      run(
          "g++",
          "-std=c++17",
          "-O1",
          "-o",
          partial.toString(),
          BUILD.resolve("ros2_peer.cpp").toString(),
          BUILD.resolve("ros2_msgs.cxx").toString(),
          BUILD.resolve("ros2_msgsPubSubTypes.cxx").toString(),
          "-I",
          BUILD.toString(),
          "-lfastrtps",
          "-lfastcdr");
      Files.move(
          partial, peer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    binary = peer;
    return peer;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(BUILD.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(
          String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
    }
  }

  /** Starts the peer with {@code args} (see ros2_peer.cpp). */
  static FastDdsPeer start(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(build().toString());
    command.addAll(List.of(args));
    return new FastDdsPeer(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /**
   * Waits for the next line that matches {@code wanted}, keeping every line read.
   *
   * @throws AssertionError with the lines seen when none matches within {@code timeout}
   */
  String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new AssertionError(
            "peer printed no expected line within " + timeout + "; saw " + seen);
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Every line read so far. */
  List<String> seen() {
    return seen;
  }

  /** Waits for the peer to exit by itself. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ends the peer (this process's child, by its handle) if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
