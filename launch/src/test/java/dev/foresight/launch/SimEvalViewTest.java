package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sim eval --view}: a browser's socket follows the evaluation from episode to episode — each
 * episode's ticks and the state of each episode's own bridge agent.
 */
class SimEvalViewTest {
  private static final Pattern URL = Pattern.compile("live view on http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern AGENT = Pattern.compile("\"agent\":\"(127\\.0\\.0\\.1:\\d+)\"");

  @Test
  void theViewFollowsEachEpisodeAndItsAgent(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> eval =
          thread.submit(
              () ->
                  ForesightCli.execute(
                      new PrintWriter(out, true),
                      new PrintWriter(err, true),
                      "sim",
                      "eval",
                      "--task",
                      "reach",
                      "--planner",
                      "oracle",
                      "--episodes",
                      "3",
                      "--out",
                      dir.toString(),
                      "--view",
                      "0",
                      "--view-rate",
                      "50"));
      Matcher matcher = URL.matcher("");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline && !(matcher = URL.matcher(out.toString())).find()) {
        assertThat(eval.isDone()).as(out + "\n" + err).isFalse();
        Thread.sleep(5);
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

      assertThat(eval.get(120, TimeUnit.SECONDS)).as(out + "\n" + err).isZero();
      socket.abort();
      Set<String> agents = new HashSet<>();
      boolean steps = false;
      for (String text : texts) {
        Matcher agent = AGENT.matcher(text);
        if (agent.find()) {
          agents.add(agent.group(1));
        }
        steps |= text.contains("\"step\":") && text.contains("\"plan\":[[");
      }
      assertThat(steps).as("the episodes' ticks reached the browser").isTrue();
      assertThat(agents).as("each episode's own agent").hasSizeGreaterThanOrEqualTo(2);
    } finally {
      thread.shutdownNow();
    }
  }
}
