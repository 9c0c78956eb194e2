package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between client and agent, with a self-signed certificate made by the JDK's keytool at test
 * time.
 */
class TlsLoopbackTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static SslContext serverContext;
  private static SslContext clientContext;

  @TempDir static Path dir;

  private RobotAgent agent;
  private BridgeClient client;

  @BeforeAll
  static void makeCertificate() throws Exception {
    Path keystore = dir.resolve("agent.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
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
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    serverContext = SslContextBuilder.forServer(keys).build();
    clientContext =
        SslContextBuilder.forClient()
            .trustManager((X509Certificate) store.getCertificate("agent"))
            .build();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void clientTrustingTheAgentsCertificateIsWelcomedOverTls() throws InterruptedException {
    agent =
        RobotAgent.start(
            AgentOptions.loopback(TestSupport.PROFILE)
                .withSslContext(serverContext)
                .withAuthToken("t0ken"),
            new KinematicArmDriver(TestSupport.START, 0));
    client =
        BridgeClient.builder("127.0.0.1", agent.port())
            .optSslContext(clientContext)
            .optAuthToken("t0ken")
            .connect();
    assertThat(client.awaitWelcome(Duration.ofSeconds(20)).hasControl()).isTrue();
    assertThat(TestSupport.await(Duration.ofSeconds(10), () -> client.latestState() != null))
        .as("state arrives over TLS")
        .isTrue();
  }

  @Test
  void plainTcpClientIsNotWelcomedByATlsAgent() {
    agent =
        RobotAgent.start(
            AgentOptions.loopback(TestSupport.PROFILE).withSslContext(serverContext),
            new KinematicArmDriver(TestSupport.START, 0));
    client = BridgeClient.builder("127.0.0.1", agent.port()).optReconnect(false).connect();
    assertThatThrownBy(() -> client.awaitWelcome(Duration.ofSeconds(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no welcome");
  }
}
