package dev.foresight.launch;

import dev.foresight.config.BridgeSettings;
import dev.foresight.config.ForesightConfig;
import dev.foresight.view.LiveView;
import dev.foresight.view.ViewOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The {@code --view PORT} options of the commands that run a loop ({@code demo}, {@code run},
 * {@code sim eval}): the live view in the browser, on loopback unless {@code --view-host} says
 * otherwise, and then behind the bridge's token.
 */
final class ViewMixin {
  @Option(
      names = "--view",
      paramLabel = "PORT",
      description =
          "Serve the live view in the browser on http://127.0.0.1:PORT/ (0: any free port): the"
              + " camera, the goal, energy and planning time per step, the plan over the workspace,"
              + " the arm's state and a STOP button.")
  Integer port;

  @Option(
      names = "--view-host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Address the live view listens on (default ${DEFAULT-VALUE}); any other than loopback"
              + " requires the bridge token (bridge.tokenSource), which the page address carries.")
  String host;

  @Option(
      names = "--view-rate",
      paramLabel = "HZ",
      defaultValue = "10",
      description =
          "Most updates per second sent to each browser (default ${DEFAULT-VALUE}, at most 60);"
              + " a slow browser misses updates, the loop never waits.")
  double rateHz;

  /** Whether {@code --view} was given. */
  boolean requested() {
    return port != null;
  }

  /**
   * Starts the view when {@code --view} was given and prints its address, or returns null.
   *
   * @param cfg the configuration whose bridge token guards a view beyond loopback
   */
  LiveView start(ForesightConfig cfg, PrintWriter out) {
    if (port == null) {
      return null;
    }
    String token =
        BridgeSettings.isLoopback(host) ? "" : BridgeTokens.resolve(cfg.bridge().tokenSource());
    LiveView view = LiveView.start(new ViewOptions(host, port, token, rateHz));
    out.println(
        "live view on "
            + view.url()
            + (view.tokenRequired() ? " (open it with ?token=<the bridge token>)" : ""));
    out.flush();
    return view;
  }
}
