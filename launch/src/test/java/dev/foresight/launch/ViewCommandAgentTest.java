package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.KinematicArmDriver;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.bridge.StopCause;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code foresight view --bridge} against a real agent on loopback: the page's socket shows the
 * agent's arm state, and its stop is latched by the agent as a client stop; the command ends when
 * its thread is interrupted, as on Ctrl-C.
 */
class ViewCommandAgentTest {
  private static final Pattern URL = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");

  @Test
  void watchesTheAgentAndItsStopIsLatched() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (RobotAgent agent =
        RobotAgent.start(
            AgentOptions.loopback(RobotProfile.DEFAULTS),
            new KinematicArmDriver(new Pose(0.5, 0, 0.2, 0, 0, 0), 0))) {
      Future<Integer> view =
          thread.submit(
              () ->
                  ForesightCli.execute(
                      new PrintWriter(out, true),
                      new PrintWriter(err, true),
                      "view",
                      "--bridge",
                      "127.0.0.1:" + agent.port(),
                      "--port",
                      "0"));
      Matcher matcher = URL.matcher("");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline && !(matcher = URL.matcher(out.toString())).find()) {
        assertThat(view.isDone()).as(out + "\n" + err).isFalse();
        Thread.sleep(20);
      }
      BlockingQueue<String> texts = new LinkedBlockingQueue<>();
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + matcher.group(1) + "/socket"),
                  new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      text.append(data);
                      if (last) {
                        texts.add(text.toString());
                        text.setLength(0);
                      }
                      webSocket.request(1);
                      return null;
                    }
                  })
              .get(5, TimeUnit.SECONDS);
      String state = await(texts, "\"arm\":{");
      assertThat(state).contains("\"mode\":\"held\"").contains("\"robot\":\"sim-arm\"");

      socket.sendText("{\"t\":\"stop\"}", true).get(5, TimeUnit.SECONDS);

      assertThat(await(texts, "\"stopCause\":\"client-stop\"")).isNotNull();
      assertThat(agent.controlLoop().stopCause()).isEqualTo(StopCause.STOP_CAUSE_CLIENT_STOP);
      socket.abort();
      thread.shutdownNow();
      assertThat(view.get(10, TimeUnit.SECONDS)).isZero();
    } finally {
      thread.shutdownNow();
    }
  }

  private static String await(BlockingQueue<String> texts, String part)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String text = texts.poll(50, TimeUnit.MILLISECONDS);
      if (text != null && text.contains(part)) {
        return text;
      }
    }
    throw new AssertionError("no message with " + part + " within 10 s");
  }
}
