package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code foresight} launcher's JVM options make a process that runs out of memory end at once
 * (a half-dead agent or planner must not linger): a program started with exactly those options and
 * exhausting its heap on a worker thread exits with the JVM's out-of-memory status, 3.
 */
class LauncherJvmOptionsTest {

  /** Allocates on a worker thread until the heap is gone; exits 0 if the process survives. */
  public static final class OutOfMemoryProbe {
    public static void main(String[] args) throws Exception {
      Thread worker =
          new Thread(
              () -> {
                List<long[]> hoard = new ArrayList<>();
                while (true) {
                  hoard.add(new long[1 << 16]);
                }
              },
              "worker");
      worker.start();
      worker.join();
      Thread.sleep(500);
      System.exit(0); // the worker died of the error and the process lived on
    }
  }

  @Test
  void outOfMemoryOnAnyThreadEndsTheProcess() throws Exception {
    String launcher = Files.readString(Path.of("..", "foresight"));
    Matcher exec = Pattern.compile("(?m)^exec java (.*)$").matcher(launcher);
    assertThat(exec.find()).as("the launcher's exec java line").isTrue();
    List<String> options = new ArrayList<>();
    for (String token : exec.group(1).split("\\s+")) {
      if (token.startsWith("-XX:")) {
        options.add(token);
      }
    }
    assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-Xmx32m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OutOfMemoryProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(3);
    assertThat(output).contains("Terminating due to java.lang.OutOfMemoryError");
  }
}
