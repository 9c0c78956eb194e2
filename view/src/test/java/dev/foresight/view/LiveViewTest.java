package dev.foresight.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.KinematicArmDriver;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.bridge.StopCause;
import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The view's server on loopback, with real sockets and a real bridge agent. */
class LiveViewTest {
  private static final RobotProfile PROFILE =
      new RobotProfile(
          "view-test-arm",
          new Box(0.2, -0.4, 0.0, 0.8, 0.4, 0.5),
          0.5,
          0.05,
          0.2,
          0.0,
          1.0,
          250,
          Duration.ofMillis(100),
          false);

  private LiveView view;
  private RobotAgent agent;

  @AfterEach
  void close() {
    if (view != null) {
      view.close();
    }
    if (agent != null) {
      agent.close();
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesOnePageWithItsScriptAndStyleInlineAndNoExternalAssets() throws Exception {
    view = LiveView.start(ViewOptions.loopback(0));

    HttpResponse<String> page = get(view.url());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'"));
    assertThat(page.body())
        .contains("<canvas id=\"energyPlot\"")
        .contains("id=\"stopButton\"")
        .contains("new WebSocket(")
        .doesNotContain("/*VIEW_JS*/")
        .doesNotContain("/*VIEW_CSS*/")
        .doesNotContainPattern("(src|href)=\"(https?:)?//")
        .doesNotContain("<link");
    assertThat(get(view.url() + "nope").statusCode()).isEqualTo(404);
  }

  @Test
  void withATokenEveryRequestMustCarryIt() throws Exception {
    view = LiveView.start(new ViewOptions("127.0.0.1", 0, "s3cret", 10));
    String base = "http://127.0.0.1:" + view.address().getPort() + "/";

    assertThat(get(base).statusCode()).isEqualTo(403);
    assertThat(get(base + "?token=wrong").statusCode()).isEqualTo(403);
    assertThat(get(base + "socket?token=wrong").body()).contains("token missing or wrong");
    assertThat(view.url()).as("the token never reaches a log").doesNotContain("s3cret");
    assertThat(get(base + "?token=s3cret").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> new BrowserSocket(view, "")).hasStackTraceContaining("403");
    try (BrowserSocket socket = new BrowserSocket(view, "?token=s3cret")) {
      assertThat(socket.next("state", 5)).isNotNull();
    }
  }

  @Test
  void refusesToServeBeyondLoopbackWithoutAToken() {
    assertThatThrownBy(() -> new ViewOptions("0.0.0.0", 0, "", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("without a token");
    assertThatThrownBy(() -> new ViewOptions("127.0.0.1", 70000, "", 10))
        .hasMessageContaining("70000")
        .hasMessageContaining("[0, 65535]");
    assertThatThrownBy(() -> new ViewOptions("127.0.0.1", 0, "", 0))
        .hasMessageContaining("(0, 60.0]");
  }

  @Test
  void aWebSocketFromAnotherOriginIsRefused() throws Exception {
    view = LiveView.start(ViewOptions.loopback(0));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + view.address().getPort() + "/socket"))
                    .header("Origin", "http://evil.example:80")
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("evil.example");
  }

  @Test
  void aBrowserGetsTheCameraTheGoalThePlotsAndThePlan() throws Exception {
    view = LiveView.start(new ViewOptions("127.0.0.1", 0, "", 50));
    Ticks ticks = new Ticks(32, 24);
    try (BrowserSocket browser = new BrowserSocket(view, "")) {
      for (int step = 1; step <= 5; step++) {
        ticks.tick(view.listener(), step, ticks.frame());
        Thread.sleep(40);
      }
      String state = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline && (state == null || !state.contains("\"step\":5"))) {
        state = browser.next("state", 1);
      }

      assertThat(state)
          .contains("\"step\":5")
          .contains("\"firstStep\":1")
          .contains("\"energy\":[10.0,5.0,")
          .contains("\"planningMs\":[20.0")
          .contains("\"plan\":[[0.01,-0.005,0.0,0.0]")
          .contains("\"path\":[[")
          .contains("\"predicted\":[[0.5,0.1,0.2],[0.52,0.1,0.2]]");
      boolean camera = false;
      boolean goal = false;
      while (!browser.pictures.isEmpty()) {
        byte[] picture = browser.pictures.poll();
        assertThat(java.util.Arrays.copyOfRange(picture, 1, 4))
            .as("PNG signature after the kind byte")
            .containsExactly((byte) 0x89, (byte) 'P', (byte) 'N');
        camera |= picture[0] == ClientSlot.CAMERA;
        goal |= picture[0] == ClientSlot.GOAL;
      }
      assertThat(camera).isTrue();
      assertThat(goal).isTrue();
    }
  }

  @Test
  void stopWithoutAnAgentIsOneLineAndGarbageLeavesTheSocketOpen() throws Exception {
    view = LiveView.start(ViewOptions.loopback(0));
    try (BrowserSocket browser = new BrowserSocket(view, "")) {
      browser.send("{\"t\":\"stop\"}");
      assertThat(browser.next("error", 5)).contains("no bridge agent to stop");
      browser.send("rm -rf /");
      assertThat(browser.next("error", 5))
          .contains("'rm -rf /' is not understood")
          .contains("expected");
      browser.send("{\"t\":\"stop\"}");
      assertThat(browser.next("error", 5)).as("still served").contains("no bridge agent");
    }
  }

  @Test
  void stopFromTheBrowserIsLatchedByTheAgentAsAnOperatorStop() throws Exception {
    agent =
        RobotAgent.start(
            AgentOptions.loopback(PROFILE),
            new KinematicArmDriver(new Pose(0.5, 0, 0.2, 0, 0, 0), 0));
    view = LiveView.start(new ViewOptions("127.0.0.1", 0, "", 50));
    view.watchAgent("127.0.0.1", agent.port(), "", null);
    try (BrowserSocket browser = new BrowserSocket(view, "")) {
      String state = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline && (state == null || !state.contains("\"arm\":{"))) {
        state = browser.next("state", 1);
      }
      assertThat(state).contains("\"mode\":\"held\"").contains("\"stopCause\":\"startup\"");
      assertThat(state).contains("\"workspace\":[0.2,-0.4,0.0,0.8,0.4,0.5]");

      browser.send("{\"t\":\"stop\"}");
      assertThat(browser.next("stopSent", 5)).isNotNull();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline
          && agent.controlLoop().stopCause() != StopCause.STOP_CAUSE_CLIENT_STOP) {
        Thread.sleep(10);
      }
      assertThat(agent.controlLoop().stopCause()).isEqualTo(StopCause.STOP_CAUSE_CLIENT_STOP);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline
          && (state == null || !state.contains("\"stopCause\":\"client-stop\""))) {
        state = browser.next("state", 1);
      }
      assertThat(state).contains("\"stopCause\":\"client-stop\"").contains("\"mode\":\"held\"");
    }
  }

  @Test
  void garbageOnTheSocketIsAnsweredAndOthersAreStillServed() throws Exception {
    view = LiveView.start(ViewOptions.loopback(0));
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", view.address().getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("\u0000\u0001garbage\r\n\r\n".getBytes());
      String answer = new String(socket.getInputStream().readAllBytes());
      assertThat(answer).startsWith("HTTP/1.1 400").contains("malformed HTTP request");
    }
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", view.address().getPort())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(("GET /?" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes());
      String answer = new String(socket.getInputStream().readAllBytes());
      assertThat(answer).startsWith("HTTP/1.1 4");
    }
    assertThat(get(view.url()).statusCode()).isEqualTo(200);
  }
}
