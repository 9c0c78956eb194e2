package dev.foresight.ros.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private ROS 1 environment: a {@code roscore} on a free loopback port with its own {@code
 * ROS_HOME}, and helpers to run the ROS command-line tools and rospy scripts against it. Every
 * process it starts is stopped by PID (its descendants too) on {@link #close()}.
 */
public final class RosTools implements AutoCloseable {
  /** Where Debian installs the ROS 1 tools. */
  public static final Path ROS_BIN = Path.of("/usr/bin");

  /** Debian's python3, the one that can import rospy. */
  public static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

  private final Path rosHome;
  private final int port;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, String> extraEnvironment;
  private Process roscore;

  private RosTools(Path rosHome, int port, Map<String, String> extraEnvironment) {
    this.rosHome = rosHome;
    this.port = port;
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  /**
   * Checks that the ROS 1 tools are installed.
   *
   * @return null when they are, else a message saying what is missing and how to install it
   */
  public static String missingToolsMessage() {
    for (String tool : List.of("roscore", "rostopic", "rosbag", "roslaunch", "rosparam")) {
      if (!Files.isExecutable(ROS_BIN.resolve(tool))) {
        return "ROS 1 tool "
            + ROS_BIN.resolve(tool)
            + " is missing: run ./foresight test, which "
            + "installs the Debian packages listed in scripts/test-packages.txt";
      }
    }
    if (!Files.isExecutable(SYSTEM_PYTHON)) {
      return SYSTEM_PYTHON + " is missing: the ROS 1 tools need Debian's python3";
    }
    return null;
  }

  /**
   * Starts a roscore on a free loopback port and waits until its master answers.
   *
   * @param workDir directory for {@code ROS_HOME} (logs) and scripts
   * @param extraEnvironment more variables for every child (e.g. {@code ROS_PACKAGE_PATH})
   * @throws IOException if the tools are missing or roscore does not come up within 30 s
   */
  public static RosTools startCore(Path workDir, Map<String, String> extraEnvironment)
      throws IOException, InterruptedException {
    String missing = missingToolsMessage();
    if (missing != null) {
      throw new IOException(missing);
    }
    Path rosHome = Files.createDirectories(workDir.resolve("ros_home"));
    RosTools tools = new RosTools(rosHome, freePort(), extraEnvironment);
    try {
      tools.roscore =
          tools.start(
              List.of(ROS_BIN.resolve("roscore").toString(), "-p", String.valueOf(tools.port)),
              workDir.resolve("roscore.log"));
      tools.awaitMaster(Duration.ofSeconds(30));
    } catch (IOException | InterruptedException | RuntimeException e) {
      tools.close();
      throw e;
    }
    return tools;
  }

  /** A free TCP port on loopback (bound and released). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The master's URI. */
  public URI masterUri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** The master's port. */
  public int port() {
    return port;
  }

  /** {@code ROS_HOME} of this environment. */
  public Path rosHome() {
    return rosHome;
  }

  /** The environment ROS children get. */
  public Map<String, String> environment() {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("ROS_MASTER_URI", masterUri().toString());
    env.put("ROS_IP", "127.0.0.1");
    env.put("ROS_HOME", rosHome.toString());
    env.put("ROS_LOG_DIR", rosHome.resolve("log").toString());
    env.put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
    env.put("PYTHONUNBUFFERED", "1");
    env.putAll(extraEnvironment);
    return env;
  }

  /**
   * Starts a child with this environment, its output going to {@code log}.
   *
   * @param command program and arguments
   * @param log file receiving stdout and stderr
   */
  public Process start(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("PYTHONPATH");
    builder.environment().remove("PYTHONHOME");
    builder.environment().remove("ROS_NAMESPACE");
    builder.environment().putAll(environment());
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    synchronized (processes) {
      processes.add(process);
    }
    return process;
  }

  /**
   * Starts a rospy script shipped in this package ({@code resources/dev/foresight/ros/tools}).
   *
   * @param script script file name, e.g. {@code image_peer.py}
   * @param args its arguments
   * @param log file receiving its output
   */
  public Process startPythonScript(String script, List<String> args, Path log) throws IOException {
    Path file = rosHome.resolve(script);
    if (!Files.exists(file)) {
      try (InputStream in = RosTools.class.getResourceAsStream(script)) {
        if (in == null) {
          throw new IOException("script " + script + " is not in the foresight-ros jar");
        }
        Files.write(file, in.readAllBytes());
      }
    }
    List<String> command = new ArrayList<>(List.of(SYSTEM_PYTHON.toString(), file.toString()));
    command.addAll(args);
    return start(command, log);
  }

  /**
   * Runs a tool to completion and returns its output.
   *
   * @throws IOException if it fails or runs longer than {@code timeout}
   */
  public String run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(rosHome, "run", ".log");
    Process process = start(command, log);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      stop(process);
      throw new IOException(
          String.join(" ", command) + " did not finish within " + timeout + ": " + read(log));
    }
    String output = read(log);
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed with status " + process.exitValue() + ": " + output);
    }
    return output;
  }

  /** The text of a log file (empty if it does not exist). */
  public static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Why the roscpp peer cannot be built here, or null when it can ({@code g++}, {@code pkg-config}
   * and Debian's {@code libroscpp-dev} and {@code libsensor-msgs-dev} are installed).
   */
  public static String roscppMissingMessage() throws InterruptedException {
    try {
      Process probe =
          new ProcessBuilder("pkg-config", "--exists", "roscpp", "sensor_msgs")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      if (probe.waitFor() == 0 && Files.isExecutable(Path.of("/usr/bin/g++"))) {
        return null;
      }
    } catch (IOException e) {
      // pkg-config missing
    }
    return "roscpp peer needs g++, pkg-config and the Debian packages libroscpp-dev "
        + "libsensor-msgs-dev libstd-msgs-dev";
  }

  /**
   * Compiles the roscpp image peer ({@code image_peer.cpp} in this package) once into {@code
   * cacheDir} and returns the executable; later calls reuse it while the source is unchanged.
   *
   * @throws IOException naming what is missing or the compiler's output
   */
  public static Path roscppPeer(Path cacheDir) throws IOException, InterruptedException {
    String missing = roscppMissingMessage();
    if (missing != null) {
      throw new IOException(missing);
    }
    byte[] source;
    try (InputStream in = RosTools.class.getResourceAsStream("image_peer.cpp")) {
      if (in == null) {
        throw new IOException("image_peer.cpp is not in the foresight-ros jar");
      }
      source = in.readAllBytes();
    }
    String hash = Integer.toHexString(java.util.Arrays.hashCode(source));
    Path dir = Files.createDirectories(cacheDir.resolve("roscpp-peer-" + hash));
    Path binary = dir.resolve("image_peer");
    if (Files.isExecutable(binary)) {
      return binary;
    }
    Path cpp = dir.resolve("image_peer.cpp");
    Files.write(cpp, source);
    Path temporary = dir.resolve("image_peer.tmp" + ProcessHandle.current().pid());
    Process compiler =
        new ProcessBuilder(
                "sh",
                "-c",
                "g++ -O2 \"$1\" $(pkg-config --cflags --libs roscpp sensor_msgs) -o \"$2\"",
                "g++",
                cpp.toString(),
                temporary.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(compiler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (compiler.waitFor() != 0) {
      throw new IOException("building the roscpp peer failed: " + output);
    }
    Files.move(temporary, binary, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return binary;
  }

  /** Stops a child and its descendants: SIGINT-like terminate first, kill after 5 s. */
  public static void stop(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroy();
      }
    }
    for (ProcessHandle child : descendants) {
      try {
        child.onExit().get(3, TimeUnit.SECONDS);
      } catch (Exception e) {
        child.destroyForcibly();
      }
    }
  }

  private void awaitMaster(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!roscore.isAlive()) {
        throw new IOException(
            "roscore -p " + port + " exited: " + read(rosHome.getParent().resolve("roscore.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        if (read(rosHome.getParent().resolve("roscore.log")).contains("started core service")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException("roscore -p " + port + " did not start within " + timeout);
  }

  /** Stops every process started here, roscore last. */
  @Override
  public void close() {
    List<Process> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
      processes.clear();
    }
    java.util.Collections.reverse(all);
    for (Process process : all) {
      if (process.isAlive() || process.descendants().findAny().isPresent()) {
        stop(process);
      }
    }
  }
}
