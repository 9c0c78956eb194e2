package dev.foresight.config;

import dev.foresight.config.internal.YamlSection;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a {@link ForesightConfig} from YAML. Absent keys take their defaults, unknown keys are
 * rejected, and every violation in the file is reported at once in a {@link ConfigException}.
 *
 * <p>The schema, with units in key names where they are not SI:
 *
 * <pre>
 * robot:   {robotId, workspace: {min: [x,y,z], max: [x,y,z]}, maxEeSpeedMps, maxStepM,
 *           maxRotationStepRad, gripperMin, gripperMax, controlRateHz, watchdogTimeoutMillis,
 *           collaborative, measuredStateMaxAgeMillis, maxTrackingErrorM, maxTrackingErrorRad}
 * planner: {sampler: cem|mppi, samples, elites, iterations, horizon, timeBudgetMillis, seed,
 *           temperature}
 * model:   {bundle, engine: onnxruntime|tensorrt|pytorch}
 * bridge:  {host, port, tls, tokenSource: none|env:NAME|file:PATH}
 * ros:     {masterUri, nodeName, cameraTopic, goalImageTopic, latentTopic, commandTopic,
 *           jointStateTopic, eePoseTopic, version: 1|2, domainId}
 * </pre>
 */
public final class ConfigLoader {
  private static final Pattern NON_BLANK = Pattern.compile(".*\\S.*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]]+");
  private static final Pattern HTTP_URI = Pattern.compile("https?://[^\\s/:]+:[0-9]{1,5}/?");
  private static final Range COORDINATE = Range.closed(-10, 10, "m");

  private ConfigLoader() {}

  /**
   * Loads and validates a YAML file.
   *
   * @throws ConfigException listing every violation, or naming the file when it cannot be read
   */
  public static ForesightConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw single(file.toString(), "file does not exist, expected a YAML config file");
    } catch (IOException e) {
      throw single(file.toString(), "cannot be read (" + e.getMessage() + ")");
    }
    return parse(text, file.toString());
  }

  /**
   * Parses and validates YAML text.
   *
   * @param source name used in error messages, e.g. the file name
   * @throws ConfigException listing every violation
   */
  public static ForesightConfig parse(String text, String source) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true); // reported by YamlSection with their line
      options.setMaxAliasesForCollections(10);
      root = new Yaml(options).compose(new StringReader(text));
    } catch (RuntimeException e) { // not only YAMLException: see YamlSection.syntaxError
      throw new ConfigException(List.of(YamlSection.syntaxError(source, e)));
    }
    List<ConfigError> errors = new ArrayList<>();
    YamlSection top = new YamlSection(source, "", root, errors);
    ForesightConfig defaults = ForesightConfig.DEFAULTS;
    RobotProfile robot = robot(top.section("robot"), defaults.robot());
    PlannerSettings planner = planner(top.section("planner"), defaults.planner());
    ModelSettings model = model(top.section("model"), defaults.model());
    BridgeSettings bridge = bridge(top.section("bridge"), defaults.bridge());
    RosSettings ros = ros(top.section("ros"), defaults.ros());
    top.finish();
    if (!errors.isEmpty()) {
      errors.sort(java.util.Comparator.comparingInt(ConfigError::line));
      throw new ConfigException(errors);
    }
    return new ForesightConfig(robot, planner, model, bridge, ros);
  }

  private static RobotProfile robot(YamlSection s, RobotProfile d) {
    String robotId = s.string("robotId", d.robotId(), NON_BLANK, "a non-blank name");
    YamlSection workspace = s.section("workspace");
    Box box = d.workspaceInBase();
    double[] min =
        workspace.vector("min", new double[] {box.minX(), box.minY(), box.minZ()}, COORDINATE);
    double[] max =
        workspace.vector("max", new double[] {box.maxX(), box.maxY(), box.maxZ()}, COORDINATE);
    workspace.finish();
    Box workspaceInBase =
        workspace.build(() -> new Box(min[0], min[1], min[2], max[0], max[1], max[2]), box);
    double speed = s.number("maxEeSpeedMps", d.maxEeSpeedMps(), RobotProfile.MAX_EE_SPEED);
    double step = s.number("maxStepM", d.maxStepM(), RobotProfile.MAX_STEP);
    double rotation =
        s.number("maxRotationStepRad", d.maxRotationStepRad(), RobotProfile.MAX_ROTATION_STEP);
    double gripperMin = s.number("gripperMin", d.gripperMin(), RobotProfile.GRIPPER);
    double gripperMax = s.number("gripperMax", d.gripperMax(), RobotProfile.GRIPPER);
    double rate = s.number("controlRateHz", d.controlRateHz(), RobotProfile.CONTROL_RATE);
    long watchdog =
        s.integer(
            "watchdogTimeoutMillis", d.watchdogTimeout().toMillis(), RobotProfile.WATCHDOG_MILLIS);
    boolean collaborative = s.bool("collaborative", d.collaborative());
    long stateAge =
        s.integer(
            "measuredStateMaxAgeMillis",
            d.measuredStateMaxAge().toMillis(),
            RobotProfile.MEASURED_STATE_MAX_AGE_MILLIS);
    double trackingError =
        s.number("maxTrackingErrorM", d.maxTrackingErrorM(), RobotProfile.MAX_TRACKING_ERROR);
    double trackingRotation =
        s.number(
            "maxTrackingErrorRad",
            d.maxTrackingErrorRad(),
            RobotProfile.MAX_TRACKING_ERROR_ROTATION);
    s.finish();
    return s.build(
        () ->
            new RobotProfile(
                robotId,
                workspaceInBase,
                speed,
                step,
                rotation,
                gripperMin,
                gripperMax,
                rate,
                Duration.ofMillis(watchdog),
                collaborative,
                Duration.ofMillis(stateAge),
                trackingError,
                trackingRotation),
        d);
  }

  private static PlannerSettings planner(YamlSection s, PlannerSettings d) {
    PlannerSettings.Sampler sampler =
        s.choice("sampler", d.sampler(), PlannerSettings.Sampler.class);
    int samples = (int) s.integer("samples", d.samples(), PlannerSettings.SAMPLES);
    int elites = (int) s.integer("elites", d.elites(), PlannerSettings.ELITES);
    int iterations = (int) s.integer("iterations", d.iterations(), PlannerSettings.ITERATIONS);
    int horizon = (int) s.integer("horizon", d.horizon(), PlannerSettings.HORIZON);
    long budget =
        s.integer(
            "timeBudgetMillis", d.timeBudget().toMillis(), PlannerSettings.TIME_BUDGET_MILLIS);
    long seed = s.anyLong("seed", d.seed());
    double temperature = s.number("temperature", d.temperature(), PlannerSettings.TEMPERATURE);
    s.finish();
    return s.build(
        () ->
            new PlannerSettings(
                sampler,
                samples,
                elites,
                iterations,
                horizon,
                Duration.ofMillis(budget),
                seed,
                temperature),
        d);
  }

  private static ModelSettings model(YamlSection s, ModelSettings d) {
    String bundle = s.string("bundle", d.bundle().toString(), NON_BLANK, "a directory path");
    ModelSettings.Engine engine = s.choice("engine", d.engine(), ModelSettings.Engine.class);
    s.finish();
    return s.build(() -> new ModelSettings(Path.of(bundle), engine), d);
  }

  private static BridgeSettings bridge(YamlSection s, BridgeSettings d) {
    String host = s.string("host", d.host(), HOST, "a host name or IP address");
    int port = (int) s.integer("port", d.port(), BridgeSettings.PORT);
    boolean tls = s.bool("tls", d.tls());
    String token =
        s.string(
            "tokenSource",
            d.tokenSource(),
            BridgeSettings.TOKEN_SOURCE,
            "none, env:VARIABLE or file:PATH");
    s.finish();
    return s.build(() -> new BridgeSettings(host, port, tls, token), d);
  }

  private static RosSettings ros(YamlSection s, RosSettings d) {
    String master = s.string("masterUri", d.masterUri().toString(), HTTP_URI, "http://HOST:PORT");
    String expectedName = "a ROS graph name";
    Pattern name = RosSettings.GRAPH_NAME;
    String nodeName = s.string("nodeName", d.nodeName(), name, expectedName);
    String camera = s.string("cameraTopic", d.cameraTopic(), name, expectedName);
    String goal = s.string("goalImageTopic", d.goalImageTopic(), name, expectedName);
    String latent = s.string("latentTopic", d.latentTopic(), name, expectedName);
    String command = s.string("commandTopic", d.commandTopic(), name, expectedName);
    String joints = s.string("jointStateTopic", d.jointStateTopic(), name, expectedName);
    String pose = s.string("eePoseTopic", d.eePoseTopic(), name, expectedName);
    int version = (int) s.integer("version", d.version(), RosSettings.VERSION);
    int domainId = (int) s.integer("domainId", d.domainId(), RosSettings.DOMAIN_ID);
    s.finish();
    return s.build(
        () ->
            new RosSettings(
                URI.create(master),
                nodeName,
                camera,
                goal,
                latent,
                command,
                joints,
                pose,
                version,
                domainId),
        d);
  }

  private static ConfigException single(String source, String problem) {
    return new ConfigException(List.of(new ConfigError(source, 0, "<file>", problem)));
  }
}
