package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.BridgeClient;
import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.tools.RosTools;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the ROS entry points that speak the bridge protocol: {@code node agent --keystore} serves
 * TLS only, and {@code node planner --bridge --truststore} arms it over TLS. Certificates are made
 * by the JDK's keytool at test time.
 */
class BridgeTlsNodesTest {
  private static final String PASSWORD = "changeit";
  private static final Path BUNDLE = Path.of("..").resolve(ModelSettings.DEFAULTS.bundle());
  private static final ModelSettings MODEL =
      new ModelSettings(BUNDLE, ModelSettings.Engine.ONNXRUNTIME);

  @TempDir static Path dir;
  private static Path keystore;
  private static Path truststore;

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @BeforeAll
  static void certificates() throws Exception {
    keystore = dir.resolve("agent.p12");
    truststore = dir.resolve("trust.p12");
    Path certificate = dir.resolve("agent.crt");
    keytool(
        "-genkeypair",
        "-alias",
        "agent",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "agent",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "agent",
        "-file",
        certificate.toString(),
        "-keystore",
        truststore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
  }

  private static SslContext server() {
    return BridgeTls.server(true, keystore, Map.of(BridgeTls.KEYSTORE_PASSWORD_ENV, PASSWORD));
  }

  private static SslContext client() {
    return BridgeTls.client(true, truststore, Map.of(BridgeTls.TRUSTSTORE_PASSWORD_ENV, PASSWORD));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  @Test
  void theAgentNodeServesTlsAndThePlannerNodeArmsItOverTls(@TempDir Path work) throws Exception {
    StringWriter out = new StringWriter();
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode agentRos =
            RosNode.start(RosNodeSettings.of(ros.masterUri(), "agent", "127.0.0.1"));
        RosNode plannerRos =
            RosNode.start(RosNodeSettings.of(ros.masterUri(), "planner", "127.0.0.1"));
        AgentNode agent =
            AgentNode.start(
                agentRos,
                ForesightConfig.DEFAULTS,
                "kinematic",
                0,
                50,
                "base_link",
                server(),
                new PrintWriter(out, true))) {
      assertThat(out.toString()).contains("(driver kinematic, TLS)");
      // A plain-TCP client gets nowhere.
      try (BridgeClient plain =
          BridgeClient.builder("127.0.0.1", agent.port()).optReconnect(false).connect()) {
        assertThatThrownBy(() -> plain.awaitWelcome(Duration.ofSeconds(2)))
            .isInstanceOf(IllegalStateException.class);
      }
      try (PlannerNode planner =
          PlannerNode.start(
              plannerRos,
              ForesightConfig.DEFAULTS,
              MODEL,
              new PlannerNode.BridgeTarget(agent.port(), false, null, client()),
              "base_link",
              new PrintWriter(out, true))) {
        assertThat(out.toString()).contains("over TLS");
        await(agent::isArmed, "the planner armed the agent over TLS");
      }
    }
  }

  @Test
  void aMissingPasswordOrKeystoreIsOneClearLine() {
    assertThatThrownBy(() -> BridgeTls.server(true, keystore, Map.of()))
        .hasMessage(
            "--keystore "
                + keystore
                + ": $FORESIGHT_KEYSTORE_PASSWORD is not set, expected the store's password");
    assertThatThrownBy(() -> BridgeTls.server(true, null, Map.of()))
        .hasMessage("bridge.tls is true: --keystore FILE (PKCS12) is required");
    assertThatThrownBy(
            () ->
                BridgeTls.client(
                    true, dir.resolve("none.p12"), Map.of(BridgeTls.TRUSTSTORE_PASSWORD_ENV, "x")))
        .hasMessageStartingWith("--truststore " + dir.resolve("none.p12") + ": cannot load (")
        .hasMessageEndingWith("), expected a PKCS12 truststore");
    assertThat(BridgeTls.server(false, null, Map.of())).isNull();
  }
}
