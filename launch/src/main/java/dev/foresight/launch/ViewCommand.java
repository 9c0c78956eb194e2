package dev.foresight.launch;

import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.view.LiveView;
import dev.foresight.view.ViewOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foresight view --bridge HOST:PORT}: the live view of a bridge agent alone — its arm state
 * and a STOP button — for the people next to an arm whose planner runs elsewhere.
 */
@Command(
    name = "view",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the live view of a bridge agent in the browser: whether the arm is armed or held,",
      "why it stopped, the watchdog and limit counters, and a STOP button that the agent latches",
      "like any operator stop. Watches as an observer: it never takes control. Runs until Ctrl-C."
    })
final class ViewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bridge",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The bridge agent to watch.")
  String bridge;

  @Option(
      names = "--port",
      defaultValue = "8090",
      paramLabel = "PORT",
      description = "Port of the view (default ${DEFAULT-VALUE}; 0: any free port).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description =
          "Address the view listens on (default ${DEFAULT-VALUE}); any other than loopback"
              + " requires the bridge token (bridge.tokenSource).")
  String host;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file whose bridge section gives the token and TLS (default: built-in).")
  Path config;

  @Option(
      names = "--truststore",
      paramLabel = "FILE",
      description =
          "With bridge.tls: PKCS12 truststore holding the agent's certificate (password in $"
              + BridgeTls.TRUSTSTORE_PASSWORD_ENV
              + ").")
  Path truststore;

  @Override
  public Integer call() {
    int colon = bridge.lastIndexOf(':');
    String agentHost = colon > 0 ? bridge.substring(0, colon) : "";
    if (agentHost.startsWith("[") && agentHost.endsWith("]")) {
      agentHost = agentHost.substring(1, agentHost.length() - 1);
    }
    int agentPort;
    try {
      agentPort = Integer.parseInt(bridge.substring(colon + 1));
    } catch (NumberFormatException e) {
      agentPort = -1;
    }
    if (agentHost.isEmpty() || agentPort < 1 || agentPort > 65_535) {
      throw new IllegalArgumentException(
          "--bridge '" + bridge + "' is not an agent address, expected HOST:PORT, e.g. robot:7300");
    }
    ForesightConfig cfg = ConfigFiles.load(config);
    String token = BridgeTokens.resolve(cfg.bridge().tokenSource());
    String viewToken = BridgeSettings.isLoopback(host) ? "" : token;
    LiveView view =
        LiveView.start(new ViewOptions(host, port, viewToken, ViewOptions.DEFAULT_FRAME_RATE_HZ));
    view.watchAgent(agentHost, agentPort, token, BridgeTls.client(cfg.bridge().tls(), truststore));
    spec.commandLine()
        .getOut()
        .printf(
            "live view of the agent at %s on %s%s (Ctrl-C ends)%n",
            bridge,
            view.url(),
            view.tokenRequired() ? " (open it with ?token=<the bridge token>)" : "");
    spec.commandLine().getOut().flush();
    ShutdownHook.runUntilShutdown("foresight-view-shutdown", view::close);
    return 0;
  }
}
