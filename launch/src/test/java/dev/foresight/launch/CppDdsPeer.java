package dev.foresight.launch;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The C++ Fast-DDS peer of module {@code ros2} (ros2_peer.cpp, built with Debian's fastddsgen and
 * g++), run as a child process for the ROS 2 node tests. Tests skip with one line where the tools
 * are missing; {@code ./foresight test} installs them.
 */
final class CppDdsPeer implements AutoCloseable {
  private static final Path BUILD = Path.of("target", "fastdds-peer").toAbsolutePath();
  private static final AtomicInteger NEXT_DOMAIN =
      new AtomicInteger((int) (ProcessHandle.current().pid() % 40) * 2);
  private static Path binary;

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private CppDdsPeer(Process process) {
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
            "cpp-dds-peer-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * A DDS domain in [20, 99] for one test, offset by the JVM's pid so concurrent runs (and the
   * {@code ros2} module's tests, in [100, 219]) do not hear each other.
   */
  static int nextDomain() {
    return 20 + NEXT_DOMAIN.getAndIncrement() % 80;
  }

  /** Builds the peer once per JVM; skips the calling test when the tools are missing. */
  static synchronized Path build() throws IOException, InterruptedException {
    String missing = FastDdsPeerBuild.missingTools();
    assumeTrue(missing == null, () -> "C++ Fast-DDS peer not built: " + missing);
    if (binary == null) {
      binary = FastDdsPeerBuild.build(BUILD);
    }
    return binary;
  }

  /** Starts the peer with {@code args} (see ros2_peer.cpp). */
  static CppDdsPeer start(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(build().toString());
    command.addAll(List.of(args));
    return new CppDdsPeer(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /**
   * Waits for the next line that matches {@code wanted}.
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
