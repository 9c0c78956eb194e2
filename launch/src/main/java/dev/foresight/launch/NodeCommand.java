package dev.foresight.launch;

import dev.foresight.config.ForesightConfig;
import dev.foresight.config.ModelSettings;
import dev.foresight.config.RosSettings;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.NodeArguments;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.MessageType;
import dev.foresight.ros.msg.MessageTypes;
import io.netty.handler.ssl.SslContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foresight node …}: runs a Foresight component as a ROS 1 node. Every node accepts the ROS
 * command-line arguments {@code roslaunch} passes ({@code from:=to}, {@code __name:=}, {@code
 * __ns:=}, {@code __master:=}, {@code __ip:=}, {@code __log:=}) and reads {@code ROS_MASTER_URI},
 * {@code ROS_IP}/{@code ROS_HOSTNAME} and {@code ROS_NAMESPACE}; it runs until SIGINT/SIGTERM, a
 * {@code shutdown} call through its slave API, or {@code --duration}.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a component as a ROS 1 node (roslaunch-compatible arguments).",
    subcommands = {
      NodeCommand.Camera.class,
      NodeCommand.Relay.class,
      NodeCommand.Perception.class,
      NodeCommand.Planner.class,
      NodeCommand.Agent.class
    })
final class NodeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What a running node's body gives back: something to stop before the node closes. */
  interface Running extends AutoCloseable {
    @Override
    void close();
  }

  /** Shared plumbing: ROS arguments, settings, lifecycle. */
  abstract static class RosNodeRunner implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Foresight YAML configuration (its ros section gives master and topics).")
    Path config;

    @Option(
        names = "--duration",
        paramLabel = "SECONDS",
        description = "Stop after this many seconds; 0 (default) runs until shut down.")
    double durationSeconds;

    @Parameters(
        paramLabel = "ROS_ARG",
        description =
            "ROS arguments: from:=to remappings, __name:=, __ns:=, __master:=, __ip:=,"
                + " __hostname:=, __log:= (ignored), _param:=value.")
    List<String> rosArguments = new ArrayList<>();

    /** The loaded configuration (defaults without {@code --config}); set before {@link #start}. */
    ForesightConfig foresight = ForesightConfig.DEFAULTS;

    /** Node name when {@code __name:=} does not give one. */
    abstract String defaultName();

    /** Sets up the node's publishers and subscribers; returns what to stop at the end. */
    abstract Running start(RosNode node, RosSettings ros, PrintWriter out) throws Exception;

    @Override
    public Integer call() throws Exception {
      if (durationSeconds < 0) {
        throw new IllegalArgumentException(
            "--duration " + durationSeconds + " is negative, expected seconds >= 0");
      }
      NodeArguments arguments = NodeArguments.parse(rosArguments);
      if (!arguments.remaining().isEmpty()) {
        throw new IllegalArgumentException(
            "unexpected argument '"
                + arguments.remaining().get(0)
                + "', expected ROS arguments like from:=to or __name:=NAME");
      }
      foresight = AgentCommand.loadConfig(config);
      RosSettings ros = foresight.ros();
      RosNodeSettings settings =
          RosNodeEnvironment.settings(arguments, System.getenv(), ros, defaultName());
      PrintWriter out = spec.commandLine().getOut();
      RosNode node = RosNode.start(settings);
      Thread hook = new Thread(node::close, "foresight-node-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try (Running running = start(node, ros, out)) {
        node.lastMasterError().ifPresent(error -> spec.commandLine().getErr().println(error));
        if (durationSeconds > 0) {
          node.awaitClosed(Math.round(durationSeconds * 1000), TimeUnit.MILLISECONDS);
        } else {
          node.awaitClosed(Long.MAX_VALUE, TimeUnit.DAYS);
        }
      } finally {
        node.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running already.
        }
      }
      return 0;
    }
  }

  /** A test-pattern camera: publishes moving-gradient rgb8 images. */
  @Command(
      name = "camera",
      mixinStandardHelpOptions = true,
      description = {
        "Publish a test-pattern camera as sensor_msgs/Image on 'image'",
        "(default: the config's ros.cameraTopic; remap with image:=/other)."
      })
  static final class Camera extends RosNodeRunner {
    @Option(names = "--rate", description = "Frames per second (default ${DEFAULT-VALUE}).")
    double rateHz = 10;

    @Option(names = "--width", description = "Pixels per row (default ${DEFAULT-VALUE}).")
    int width = 640;

    @Option(names = "--height", description = "Rows (default ${DEFAULT-VALUE}).")
    int height = 480;

    @Option(
        names = "--frame-id",
        description = "Optical frame of the images (default ${DEFAULT-VALUE}).")
    String frameId = "camera_optical";

    @Override
    String defaultName() {
      return "foresight_camera";
    }

    @Override
    Running start(RosNode node, RosSettings ros, PrintWriter out) {
      if (!(rateHz > 0 && rateHz <= 1000)) {
        throw new IllegalArgumentException(
            "--rate " + rateHz + " is out of range, expected (0, 1000] Hz");
      }
      if (width <= 0 || height <= 0 || (long) width * height > 16_000_000L) {
        throw new IllegalArgumentException(
            "--width/--height "
                + width
                + "x"
                + height
                + " out of range, expected 1..16 megapixels");
      }
      // The topic is called 'image' inside the node, so 'image:=/x' remaps it as ROS users expect;
      // without a remapping it is the configured camera topic.
      String topicName = node.names().isRemapped("image") ? "image" : ros.cameraTopic();
      RosPublisher<ImageMessage> publisher =
          node.advertise(Topic.of(topicName, ImageMessage.TYPE), false, 2);
      byte[] pixels = new byte[width * height * 3];
      Image image = new Image(width, height, PixelEncoding.RGB8, pixels);
      AtomicInteger sequence = new AtomicInteger();
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> new Thread(runnable, "camera-" + node.name()));
      timer.scheduleAtFixedRate(
          () -> {
            int seq = sequence.getAndIncrement();
            paint(pixels, width, height, seq);
            publisher.publish(
                ImageMessage.fromImage(
                    Header.of(seq, System.currentTimeMillis() * 1_000_000L, frameId), image));
          },
          0,
          Math.max(1, Math.round(1e6 / rateHz)),
          TimeUnit.MICROSECONDS);
      out.printf(
          "foresight node camera: %s publishing %s (%dx%d rgb8) at %.1f Hz%n",
          node.name(), publisher.topic().name(), width, height, rateHz);
      return () -> {
        timer.shutdownNow();
        try {
          timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };
    }

    /** A diagonal gradient that moves one pixel per frame; red marks the frame number. */
    static void paint(byte[] pixels, int width, int height, int frame) {
      int i = 0;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          pixels[i++] = (byte) frame;
          pixels[i++] = (byte) (x + y + frame);
          pixels[i++] = (byte) (y * 255 / Math.max(1, height - 1));
        }
      }
    }
  }

  /** Republishes every message of 'in' on 'out'. */
  @Command(
      name = "relay",
      mixinStandardHelpOptions = true,
      description = "Republish topic 'in' on topic 'out' (remap both: in:=/a out:=/b).")
  static final class Relay extends RosNodeRunner {
    @Option(
        names = "--type",
        required = true,
        description = "Message type, e.g. sensor_msgs/Image.")
    String typeName;

    @Override
    String defaultName() {
      return "foresight_relay";
    }

    @Override
    Running start(RosNode node, RosSettings ros, PrintWriter out) {
      MessageType<?> type =
          MessageTypes.byName(typeName)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--type "
                              + typeName
                              + " is not supported, expected one of "
                              + MessageTypes.ALL.stream().map(MessageType::typeName).toList()));
      relay(node, type);
      out.printf(
          "foresight node relay: %s relays %s -> %s (%s)%n",
          node.name(), node.names().resolve("in"), node.names().resolve("out"), typeName);
      return () -> {};
    }

    private static <T> void relay(RosNode node, MessageType<T> type) {
      RosPublisher<T> publisher = node.advertise(Topic.of("out", type), false, 10);
      node.subscribe(Topic.of("in", type), publisher::publish);
    }
  }

  /** Encodes camera and goal images to latents with the bundled world model. */
  @Command(
      name = "perception",
      mixinStandardHelpOptions = true,
      description = {
        "Encode camera frames ('image', default ros.cameraTopic) and goal images ('goal_image',",
        "default ros.goalImageTopic) to latents (std_msgs/Float32MultiArray) on 'latent'",
        "(default ros.latentTopic) and 'goal_latent' (default ros.latentTopic + '_goal');",
        "proprio from 'ee_pose' (PoseStamped) and 'joint_states' (gripper); latency on ~latency_ms."
      })
  static final class Perception extends RosNodeRunner {
    @Option(
        names = "--model",
        paramLabel = "DIR",
        description = "World-model bundle (default: the config's model.bundle).")
    Path model;

    @Option(
        names = "--threads",
        description = "ONNX Runtime threads for the encoder (default ${DEFAULT-VALUE}).")
    int threads = 1;

    @Override
    String defaultName() {
      return "foresight_perception";
    }

    @Override
    Running start(RosNode node, RosSettings ros, PrintWriter out) throws Exception {
      Path bundle = Home.resolve(model != null ? model : foresight.model().bundle());
      return PerceptionNode.start(
          node, ros, new ModelSettings(bundle, foresight.model().engine()), threads, out);
    }
  }

  /** Plans end-effector commands toward the goal latent with CEM over the world model. */
  @Command(
      name = "planner",
      mixinStandardHelpOptions = true,
      description = {
        "Plan with the configured sampler over the bundled world model from 'latent' and",
        "'goal_latent' (std_msgs/Float32MultiArray; defaults as the perception node publishes);",
        "publish the first action as geometry_msgs/TwistStamped on 'command' (default",
        "ros.commandTopic, velocity = delta / control period) and the energy on ~energy;",
        "with --bridge also send it to the bridge agent at bridge.host:bridge.port."
      })
  static final class Planner extends RosNodeRunner {
    @Option(
        names = "--model",
        paramLabel = "DIR",
        description = "World-model bundle (default: the config's model.bundle).")
    Path model;

    @Option(
        names = "--bridge",
        description =
            "Send every chosen action to the bridge agent (bridge section of the config).")
    boolean bridge;

    @Option(
        names = "--bridge-port",
        paramLabel = "N",
        description = "Agent port (overrides bridge.port).")
    Integer bridgePort;

    @Option(
        names = "--rearm",
        description =
            "Re-arm the agent after its watchdog stopped the arm; any other stop (a stop request,"
                + " a driver fault, a stale measured state) latches: the planner logs it and the"
                + " arm holds.")
    boolean rearm;

    @Option(
        names = "--acknowledge-stop",
        paramLabel = "CAUSE",
        description =
            "At start, when the agent is stopped for CAUSE (e.g. client-stop, driver-fault,"
                + " state-stale, limit-violation, controller-disconnected, watchdog), re-arm it"
                + " naming that cause. Use it only after checking the arm.")
    String acknowledgeStop;

    @Option(
        names = "--truststore",
        paramLabel = "FILE",
        description =
            "With bridge.tls: PKCS12 truststore holding the agent's certificate (password in $"
                + BridgeTls.TRUSTSTORE_PASSWORD_ENV
                + "); without it the JDK's default trust anchors apply.")
    Path truststore;

    @Option(
        names = "--frame-id",
        description = "Frame of the published twists (default ${DEFAULT-VALUE}).")
    String frameId = "base_link";

    @Override
    String defaultName() {
      return "foresight_planner";
    }

    @Override
    Running start(RosNode node, RosSettings ros, PrintWriter out) throws Exception {
      Path bundle = Home.resolve(model != null ? model : foresight.model().bundle());
      return PlannerNode.start(
          node,
          foresight,
          new ModelSettings(bundle, foresight.model().engine()),
          bridge
              ? new PlannerNode.BridgeTarget(
                  bridgePort,
                  rearm,
                  dev.foresight.runtime.StopCauses.parse("--acknowledge-stop", acknowledgeStop),
                  BridgeTls.client(foresight.bridge().tls(), truststore))
              : null,
          frameId,
          out);
    }
  }

  /** Runs the bridge agent and publishes the arm's joint state and end-effector pose. */
  @Command(
      name = "agent",
      mixinStandardHelpOptions = true,
      description = {
        "Run the bridge agent (like 'foresight agent'), publishing sensor_msgs/JointState on",
        "'joint_states' (default ros.jointStateTopic) and geometry_msgs/PoseStamped on 'ee_pose'",
        "(default ros.eePoseTopic). --driver sim hosts a simulated episode (--task, --seed,",
        "--out) as 'foresight agent --driver sim' does and publishes its camera on 'image'",
        "(default ros.cameraTopic) as well, each frame after the arm state it shows."
      })
  static final class Agent extends RosNodeRunner {
    @Option(
        names = "--driver",
        paramLabel = "DRIVER",
        description =
            "Arm driver: kinematic (default), log, ros (TwistStamped on 'twist') or sim (a"
                + " simulated episode).")
    String driver = "kinematic";

    @Option(
        names = "--task",
        description = "With --driver sim: reach, push-t or pick-place (default ${DEFAULT-VALUE}).")
    String task = "reach";

    @Option(
        names = "--seed",
        description = "With --driver sim: episode seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "With --driver sim: folder for goal.png and the episode's summary.json.")
    java.nio.file.Path out;

    @Option(
        names = "--port",
        paramLabel = "N",
        description = "Port to listen on (overrides bridge.port; 0 = any free port).")
    Integer port;

    @Option(names = "--rate", description = "State publishing rate, Hz (default ${DEFAULT-VALUE}).")
    double rateHz = 50;

    @Option(
        names = "--frame-id",
        description =
            "Robot base frame: of the published pose, of the ros driver's twists and of the"
                + " measured poses it accepts (default ${DEFAULT-VALUE}).")
    String frameId = "base_link";

    @Option(
        names = "--keystore",
        paramLabel = "FILE",
        description =
            "PKCS12 keystore with the agent's key and certificate, required when bridge.tls is"
                + " true; its password comes from $"
                + BridgeTls.KEYSTORE_PASSWORD_ENV
                + ".")
    Path keystore;

    @Override
    String defaultName() {
      return "foresight_agent";
    }

    @Override
    Running start(RosNode node, RosSettings ros, PrintWriter out) throws Exception {
      SslContext ssl = BridgeTls.server(foresight.bridge().tls(), keystore);
      if (driver.equals("sim")) {
        SimAgentHost host =
            SimAgentHost.start(
                foresight,
                dev.foresight.sim.Tasks.byName(task),
                seed,
                foresight.bridge().host(),
                port != null ? port : foresight.bridge().port(),
                AgentCommand.resolveToken(foresight.bridge().tokenSource()),
                ssl,
                node,
                this.out,
                out);
        return host::close;
      }
      return AgentNode.start(node, foresight, driver, port, rateHz, frameId, ssl, out);
    }
  }
}
