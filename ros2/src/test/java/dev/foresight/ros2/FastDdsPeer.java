package dev.foresight.ros2;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foresight.ros2.tools.FastDdsPeerBuild;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    String missing = FastDdsPeerBuild.missingTools();
    assumeTrue(missing == null, () -> "C++ Fast-DDS peer not built: " + missing);
  }

  /** Builds the peer once per JVM (and reuses an up-to-date build from an earlier run). */
  static synchronized Path build() throws IOException, InterruptedException {
    assumeToolsPresent();
    if (binary == null) {
      binary = FastDdsPeerBuild.build(BUILD);
    }
    return binary;
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
