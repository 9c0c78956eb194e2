package dev.foresight.launch.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
  private final StringWriter output = new StringWriter();
  private final PrintWriter out = new PrintWriter(output, true);

  /** Inline runner standing in for the CLI: "echo WORDS" prints, "fail N" returns N. */
  private static int inline(PrintWriter out, PrintWriter err, String... args) {
    if (args[0].equals("echo")) {
      out.println(String.join(" ", List.of(args).subList(1, args.length)));
      return 0;
    }
    if (args[0].equals("block")) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        out.println("interrupted, holding");
        return 0;
      }
    }
    return Integer.parseInt(args[1]);
  }

  private Launcher launcher() {
    return new Launcher(out, LauncherTest::inline, List.of("false"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String listener(int port, String pidFile) {
    return "exec: [/usr/bin/python3, -c, \"import os,socket,time; open('"
        + pidFile
        + "','w').write(str(os.getpid())); s=socket.socket(); s.bind(('127.0.0.1',"
        + port
        + ")); s.listen(); time.sleep(60)\"]";
  }

  @Test
  void startsInOrderWaitsForReadinessAndStopsTheRestWhenOneExits(@TempDir Path dir)
      throws IOException {
    int port = freePort();
    Path pidFile = dir.resolve("server.pid");
    String yaml =
        "name: order\ncomponents:\n"
            + "  - name: client\n    foresight: echo hello from client\n    after: [server]\n"
            + "  - name: server\n    "
            + listener(port, pidFile.toString())
            + "\n    ready: {tcpPort: "
            + port
            + ", timeoutMillis: 20000}\n";
    int status = launcher().run(LaunchLoader.parse(yaml, "order.yaml"));

    String log = output.toString();
    assertThat(status).as(log).isZero();
    assertThat(log.indexOf("[server] ready")).isPositive();
    assertThat(log.indexOf("[server] ready")).isLessThan(log.indexOf("[client] starting"));
    assertThat(log).contains("[client] hello from client");
    assertThat(log).contains("[client] exited with status 0; stopping the others");
    assertThat(log).contains("[server] stopping");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aFailingComponentEndsTheRunWithItsStatusAndStopsOthersInReverseOrder() {
    String yaml =
        """
        components:
          - {name: agent, foresight: block}
          - {name: bridge, foresight: block, after: [agent]}
          - {name: planner, foresight: fail 3, after: [bridge]}
        """;
    int status = launcher().run(LaunchLoader.parse(yaml, "fail.yaml"));
    String log = output.toString();
    assertThat(status).as(log).isEqualTo(3);
    assertThat(log).contains("[planner] exited with status 3");
    assertThat(log.indexOf("[bridge] stopping")).isLessThan(log.indexOf("[agent] stopping"));
    assertThat(log).contains("[agent] interrupted, holding");
  }

  @Test
  void aRequestedStopStopsEverythingWithStatusZero() throws InterruptedException {
    Launcher launcher = launcher();
    LaunchDescription description =
        LaunchLoader.parse("components:\n  - {name: agent, foresight: block}\n", "s.yaml");
    int[] status = {-1};
    Thread thread = new Thread(() -> status[0] = launcher.run(description));
    thread.start();
    // Wait until the agent is up, then stop as Ctrl-C would.
    for (int i = 0; i < 500 && !output.toString().contains("[agent] ready"); i++) {
      Thread.sleep(10);
    }
    launcher.requestStop();
    thread.join(20_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(status[0]).isZero();
    assertThat(output.toString())
        .contains("stop requested")
        .contains("[agent] interrupted, holding");
  }

  @Test
  void readinessTimeoutFailsStartUpAndStopsWhatStarted() throws IOException {
    int port = freePort();
    String yaml =
        "components:\n"
            + "  - name: silent\n    exec: [sleep, '30']\n    ready: {tcpPort: "
            + port
            + ", timeoutMillis: 300}\n"
            + "  - {name: never, foresight: echo never, after: [silent]}\n";
    int status = launcher().run(LaunchLoader.parse(yaml, "t.yaml"));
    String log = output.toString();
    assertThat(status).isEqualTo(1);
    assertThat(log)
        .contains("[silent] not ready: nothing listening on 127.0.0.1:" + port + " after 300 ms")
        .contains("[silent] stopping")
        .doesNotContain("[never] starting");
  }

  @Test
  void aProgramThatCannotStartIsReportedInOneLine() {
    String yaml = "components:\n  - {name: ghost, exec: [/nonexistent/program]}\n";
    int status = launcher().run(LaunchLoader.parse(yaml, "g.yaml"));
    assertThat(status).isEqualTo(1);
    assertThat(output.toString()).containsPattern("\\[ghost\\] failed to start: .*nonexistent");
  }

  @Test
  void descriptionErrorsAreAllReportedWithLines() {
    String yaml =
        """
        name: bad
        components:
          - {name: a, foresight: echo, after: [b]}
          - {name: b, foresight: echo, after: [a]}
          - {name: a, exec: [x]}
          - {name: c, foresight: echo, exec: [y]}
          - {name: d, foresight: echo, after: [zz], mode: sideways}
        """;
    ConfigException e = null;
    try {
      LaunchLoader.parse(yaml, "bad.yaml");
    } catch (ConfigException thrown) {
      e = thrown;
    }
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("bad.yaml:5: components[2].name: 'a' is used twice")
        .contains("bad.yaml:6: components[3].exec: expected exactly one of foresight")
        .contains(
            "bad.yaml:7: components[4].mode: 'sideways' is not valid, expected one of inline, process")
        .contains("components[4].after: 'zz' is not a component");

    ConfigException cycle = null;
    try {
      LaunchLoader.parse(
          "components:\n  - {name: a, foresight: x, after: [b]}\n  - {name: b, foresight: y, after: [a]}\n",
          "cycle.yaml");
    } catch (ConfigException thrown) {
      cycle = thrown;
    }
    assertThat(cycle).isNotNull();
    Matcher matcher =
        Pattern.compile("cycle: (a -> b -> a|b -> a -> b)").matcher(cycle.getMessage());
    assertThat(matcher.find()).as(cycle.getMessage()).isTrue();
  }

  @Test
  void oneShotStepsRunToCompletionBeforeDependentsAndAFailedStepStopsStartUp() {
    String yaml =
        """
        components:
          - {name: prepare, foresight: echo prepared, oneShot: true}
          - {name: main, foresight: fail 0, after: [prepare]}
        """;
    assertThat(launcher().run(LaunchLoader.parse(yaml, "o.yaml"))).isZero();
    String log = output.toString();
    assertThat(log.indexOf("[prepare] prepared")).isLessThan(log.indexOf("[main] starting"));
    assertThat(log).contains("[main] exited with status 0");

    String failing =
        """
        components:
          - {name: prepare, foresight: fail 4, oneShot: true}
          - {name: main, foresight: echo never, after: [prepare]}
        """;
    assertThat(launcher().run(LaunchLoader.parse(failing, "f.yaml"))).isEqualTo(4);
    assertThat(output.toString()).contains("[prepare] not ready: exited with status 4");
  }

  @Test
  void shippedExampleIsValid() {
    LaunchDescription example = LaunchLoader.load(Path.of("examples/two-processes.yaml"));
    assertThat(LaunchLoader.startOrder(example).get(0).name()).isEqualTo("check");
  }
}
