package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foresight.bridge.AgentMode;
import dev.foresight.bridge.AgentState;
import dev.foresight.bridge.AgentWelcome;
import dev.foresight.bridge.BridgeClient;
import dev.foresight.core.Action;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aarch64 distribution (a Jetson's) unpacked from its tarball and run by its own launcher on
 * Debian's arm64 JVM under {@code qemu-aarch64-static} (both installed by {@code ./foresight
 * test}): the bridge agent serves a client on this machine's x86-64 JVM over loopback and limits
 * its commands as a native agent does, perception encodes frames with ONNX Runtime's aarch64
 * library to the latents the x86-64 library gives, within 1e-4, and the planner plans through the
 * bundle's predictor on that library. One emulated JVM per role; the whole class is skipped, in one
 * line, where qemu or the arm64 JVM is absent.
 */
class EmulatedAarch64DistributionTest {
  private static final Path QEMU = Path.of("/usr/bin/qemu-aarch64-static");
  private static final Path ARM64_JAVA = Path.of("/usr/lib/jvm/java-17-openjdk-arm64/bin/java");
  private static final Path TARGET = Path.of("target");
  private static final Duration EMULATED_START = Duration.ofMinutes(3);
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** An agent whose gripper limit (0.8) and step limit (5 cm) the test's commands exceed. */
  private static final String AGENT_CONFIG =
      """
      robot:
        robotId: jetson-arm
        controlRateHz: 50
        maxStepM: 0.05
        gripperMax: 0.8
        watchdogTimeoutMillis: 3000
      """;

  @TempDir static Path temp;
  private static Path device;
  private static Path javaHome;
  private static final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void unpackTheAarch64Tarball() throws Exception {
    assumeTrue(
        Files.isExecutable(QEMU) && Files.isExecutable(ARM64_JAVA),
        "skipped: needs "
            + QEMU
            + " and "
            + ARM64_JAVA
            + " (Debian's qemu-user-static and openjdk-17-jre-headless:arm64; ./foresight test"
            + " installs them)");
    List<Path> classPath =
        Arrays.stream(Files.readString(TARGET.resolve("inference-classpath.txt")).trim().split(":"))
            .map(Path::of)
            .toList();
    Path build = Files.createDirectories(temp.resolve("build"));
    Distribution.Built built =
        Distribution.build(
            Distribution.Platform.LINUX_AARCH64,
            "test",
            classPath,
            TARGET.resolve("classes"),
            Path.of("..", "models"),
            build);
    Path tarball = temp.resolve(built.folder().getFileName() + ".tar.gz");
    DistCommand.tar(build, built.folder().getFileName().toString(), tarball);
    Path unpacked = Files.createDirectories(temp.resolve("device"));
    Process tar =
        new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    device = unpacked.resolve(built.folder().getFileName());
    assertThat(device.resolve("bin/foresight")).isExecutable();

    // JAVA_HOME for the distribution's launcher: the arm64 JVM, run by the emulator.
    javaHome = temp.resolve("arm64-jvm");
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\nexec " + QEMU + " -L / " + ARM64_JAVA + " \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  static void stopEmulatedJvms() throws InterruptedException {
    for (Process process : started) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Starts {@code bin/foresight ARGS} of the unpacked distribution on the emulated arm64 JVM. */
  private static Process emulated(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(device.resolve("bin/foresight").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(device.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", javaHome.toString());
    // C1 only: the emulated JVM spends its time running code, not compiling it twice.
    builder.environment().put("FORESIGHT_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /**
   * Whether the process became the emulator (the launcher's shell execs the JVM once it has checked
   * that Java runs), rather than an x86-64 JVM.
   */
  private static boolean runsOnTheEmulator(Process process) throws InterruptedException {
    Path exe = Path.of("/proc", Long.toString(process.pid()), "exe");
    return await(
        WAIT,
        () -> {
          try {
            return Files.readSymbolicLink(exe).toString().endsWith("qemu-aarch64-static");
          } catch (IOException e) {
            return false; // not started yet, or already gone
          }
        });
  }

  @Test
  void theAgentOnAarch64ArmsAndLimitsAnX8664ClientsCommandsAsNatively() throws Exception {
    Path config = temp.resolve("agent.yaml");
    Files.writeString(config, AGENT_CONFIG);
    Pattern listening = Pattern.compile("agent jetson-arm listening on 127.0.0.1:(\\d+)");

    Path log = temp.resolve("agent.log");
    Process agent =
        emulated(
            log, "agent", "--driver", "kinematic", "--config", config.toString(), "--port", "0");
    long startNanos = System.nanoTime();
    Matcher matcher = awaitLine(log, listening, agent, EMULATED_START);
    System.out.printf(
        "emulated agent listening after %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
    assertThat(runsOnTheEmulator(agent)).as("the agent runs on qemu-aarch64-static").isTrue();
    Observed emulated = drive(Integer.parseInt(matcher.group(1)));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger status = new AtomicInteger(-1);
    Thread nativeAgent =
        new Thread(
            () ->
                status.set(
                    ForesightCli.execute(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "agent",
                        "--driver",
                        "kinematic",
                        "--config",
                        config.toString(),
                        "--port",
                        "0")));
    nativeAgent.start();
    Observed natively;
    try {
      Matcher nativeMatcher = listening.matcher("");
      assertThat(
              await(
                  WAIT, () -> nativeMatcher.reset(out.toString()).find() || !nativeAgent.isAlive()))
          .isTrue();
      assertThat(nativeMatcher.reset(out.toString()).find()).as(out + " / " + err).isTrue();
      natively = drive(Integer.parseInt(nativeMatcher.group(1)));
    } finally {
      nativeAgent.interrupt();
      nativeAgent.join(10_000);
    }

    // A 1 cm step is applied; a 20 cm step is cut to the profile's 5 cm; a closed gripper (1.0)
    // is held at the profile's 0.8.
    assertThat(emulated.afterSmallStepX() - emulated.startX()).isCloseTo(0.01, within(1e-9));
    assertThat(emulated.afterLargeStepX() - emulated.afterSmallStepX())
        .isCloseTo(0.05, within(1e-9));
    assertThat(emulated.gripper()).isCloseTo(0.8, within(1e-9));
    assertThat(emulated.maxStepM()).isEqualTo(0.05);
    assertThat(emulated).isEqualTo(natively);

    agent.destroy(); // SIGTERM: the agent holds the arm and exits cleanly
    assertThat(agent.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).as(Files.readString(log)).isIn(0, 143);
  }

  @Test
  void perceptionOnAarch64EncodesFramesToTheX8664Latents() throws Exception {
    SplittableRandom random = new SplittableRandom(20);
    List<String> images = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // A camera-sized frame with structure (blocks) and noise, resized by perception.
      BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 120; y++) {
        for (int x = 0; x < 160; x++) {
          int block = ((x / 20 + y / 20 + i) % 3) * 80;
          int noise = random.nextInt(40);
          image.setRGB(x, y, (block + noise) << 16 | (255 - block - noise) << 8 | (noise * 3));
        }
      }
      Path file = temp.resolve("frame-" + i + ".png");
      ImageIO.write(image, "png", file.toFile());
      images.add(file.toString());
    }

    Path latentsFile = temp.resolve("latents-aarch64.txt");
    List<String> args =
        new ArrayList<>(List.of("model", "encode", "--out", latentsFile.toString()));
    args.addAll(images);
    Path log = temp.resolve("encode.log");
    long startNanos = System.nanoTime();
    Process encode = emulated(log, args.toArray(String[]::new));
    assertThat(runsOnTheEmulator(encode)).as("encode runs on qemu-aarch64-static").isTrue();
    assertThat(encode.waitFor(EMULATED_START.toSeconds(), TimeUnit.SECONDS))
        .as("emulated encode finished")
        .isTrue();
    assertThat(encode.exitValue()).as(Files.readString(log)).isZero();
    System.out.printf(
        "emulated model encode of %d frames: %.1f s%n",
        images.size(), (System.nanoTime() - startNanos) / 1e9);
    Map<String, float[]> aarch64 = parse(Files.readString(latentsFile));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> nativeArgs =
        new ArrayList<>(List.of("model", "encode", "--model", "../models/foresight-sim"));
    nativeArgs.addAll(images);
    assertThat(
            ForesightCli.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                nativeArgs.toArray(String[]::new)))
        .as(err.toString())
        .isZero();
    Map<String, float[]> x8664 = parse(out.toString());

    assertThat(aarch64.keySet()).containsExactlyElementsOf(images);
    assertThat(x8664.keySet()).containsExactlyElementsOf(images);
    for (String image : images) {
      float[] expected = x8664.get(image);
      assertThat(expected).hasSize(71).isNotEqualTo(new float[71]);
      assertThat(aarch64.get(image)).as(image).hasSize(71).containsExactly(expected, within(1e-4f));
    }
    // The frames differ, and so do their latents: the comparison is not of constants.
    assertThat(x8664.get(images.get(0))).isNotEqualTo(x8664.get(images.get(1)));
  }

  @Test
  void thePlannerOnAarch64PlansThroughTheBundlesPredictor() throws Exception {
    Path log = temp.resolve("planner.log");
    long startNanos = System.nanoTime();
    Process planner =
        emulated(
            log,
            "bench",
            "planner",
            "--model",
            "models/foresight-sim",
            "--samples",
            "64",
            "--horizon",
            "3",
            "--iterations",
            "1",
            "--sampler",
            "cem",
            "--seconds",
            "0.1",
            "--peak-size",
            "16");
    assertThat(runsOnTheEmulator(planner)).as("the planner runs on qemu-aarch64-static").isTrue();
    assertThat(planner.waitFor(EMULATED_START.toSeconds(), TimeUnit.SECONDS))
        .as("emulated planner finished")
        .isTrue();
    String output = Files.readString(log);
    assertThat(planner.exitValue()).as(output).isZero();
    System.out.printf("emulated bench planner: %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
    // Three predictor calls per plan (horizon 3, one iteration) on ONNX Runtime's aarch64 library.
    assertThat(output)
        .contains("model: models/foresight-sim on OnnxRuntime; latent 71, action 7")
        .containsPattern("(?m)^cem\\s+64\\s+\\d+\\s+3\\s+1\\s+[0-9.]+(\\s+\\S+){3}\\s+3\\s");
  }

  /** What a client on this machine saw an agent do with its commands. */
  record Observed(
      double maxStepM,
      double startX,
      double afterSmallStepX,
      double afterLargeStepX,
      double gripper) {}

  /**
   * Connects, arms, then sends a 1 cm step, a 20 cm step and a fully closed gripper, reading the
   * agent's setpoint after each has settled.
   */
  private static Observed drive(int port) throws Exception {
    try (BridgeClient client =
        BridgeClient.builder("127.0.0.1", port)
            .optClientId("x86-64-planner")
            .optHeartbeat(Duration.ofMillis(50))
            .connect()) {
      AgentWelcome welcome = client.awaitWelcome(EMULATED_START);
      assertThat(welcome).as("welcome").isNotNull();
      assertThat(welcome.robotId()).isEqualTo("jetson-arm");
      assertThat(welcome.hasControl()).isTrue();
      assertThat(
              await(
                  WAIT,
                  () -> {
                    client.markProgress();
                    AgentState state = client.latestState();
                    if (state != null && state.mode() == AgentMode.AGENT_MODE_ARMED) {
                      return true;
                    }
                    client.rearm();
                    return false;
                  }))
          .as("armed")
          .isTrue();
      double startX = client.latestState().setpointInBase().x();
      double afterSmall = step(client, new Action(0.01, 0, 0, 0, 0, 0, 0), startX + 0.01);
      double afterLarge = step(client, new Action(0.2, 0, 0, 0, 0, 0, 1.0), afterSmall + 0.05);
      assertThat(
              await(
                  WAIT,
                  () -> {
                    client.markProgress();
                    return Math.abs(client.latestState().gripper() - 0.8) < 1e-9;
                  }))
          .as("gripper at its limit, state %s", client.latestState())
          .isTrue();
      return new Observed(
          welcome.limits().maxStepM(),
          startX,
          afterSmall,
          afterLarge,
          client.latestState().gripper());
    }
  }

  /** Sends {@code action} and waits until the setpoint's x settles at {@code expectedX}. */
  private static double step(BridgeClient client, Action action, double expectedX)
      throws InterruptedException {
    // The longest validity the agent accepts: an emulated agent may be slow to read it.
    assertThat(client.sendDelta(action, Duration.ofSeconds(2))).isPositive();
    await(
        WAIT,
        () -> {
          client.markProgress();
          return Math.abs(client.latestState().setpointInBase().x() - expectedX) < 1e-9;
        });
    return client.latestState().setpointInBase().x();
  }

  private static Matcher awaitLine(Path log, Pattern line, Process process, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = line.matcher(Files.readString(log));
      if (matcher.find()) {
        return matcher;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + line + "' within " + timeout + ":\n" + Files.readString(log));
  }

  private static boolean await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  /** {@code model encode}'s lines: file, then comma-separated floats. */
  private static Map<String, float[]> parse(String text) {
    Map<String, float[]> latents = new LinkedHashMap<>();
    for (String line : text.strip().split("\n")) {
      int space = line.lastIndexOf(' ');
      String[] values = line.substring(space + 1).split(",");
      float[] latent = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        latent[i] = Float.parseFloat(values[i]);
      }
      latents.put(line.substring(0, space), latent);
    }
    return latents;
  }
}
