package dev.foresight.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} of a dataset directory in Foresight dataset format v1, read and
 * checked: every key the loaders use has the documented type and range, or reading fails with one
 * {@link InvalidFileException} line naming the file, the key path, the value and what was expected.
 * Unknown keys are ignored (later versions may add some).
 *
 * @param task task name, as simulator tasks are named
 * @param imageWidth frame width in pixels
 * @param imageHeight frame height in pixels
 * @param controlPeriodSeconds time between recorded steps
 * @param actionNames names of the action dimensions; empty when the manifest has none
 * @param proprioNames names of the proprio dimensions; empty when the manifest has none
 * @param taskStateNames names of the task-state dimensions; empty when the manifest has none
 * @param episodes the recorded episodes listed, in manifest order
 */
public record DatasetManifest(
    String task,
    int imageWidth,
    int imageHeight,
    double controlPeriodSeconds,
    List<String> actionNames,
    List<String> proprioNames,
    List<String> taskStateNames,
    List<Entry> episodes) {

  /** Value of the {@code format} key. */
  public static final String FORMAT = "foresight-dataset";

  /** Supported {@code version}. */
  public static final int VERSION = 1;

  /** Largest manifest read in bytes (about 100,000 episode entries). */
  public static final long MAX_MANIFEST_BYTES = 16L << 20;

  /** Largest frame side in pixels. */
  static final int MAX_IMAGE_SIDE = 8192;

  /** Most steps of one episode. */
  static final int MAX_STEPS = 1_000_000;

  /** Pattern of episode file names. */
  static final Pattern EPISODE_FILE = Pattern.compile("episode-\\d{6}\\.npz");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One listed episode.
   *
   * @param file file name, {@code episode-NNNNNN.npz}
   * @param seed the episode's seed
   * @param steps actions in the episode, at least 1
   * @param policy the policy that acted (may be empty)
   * @param success whether the task was solved
   */
  public record Entry(String file, long seed, int steps, String policy, boolean success) {
    /** The episode index from the file name. */
    public int index() {
      return Integer.parseInt(file.substring(8, 14));
    }
  }

  /** Copies the lists. */
  public DatasetManifest {
    actionNames = List.copyOf(actionNames);
    proprioNames = List.copyOf(proprioNames);
    taskStateNames = List.copyOf(taskStateNames);
    episodes = List.copyOf(episodes);
  }

  /**
   * Reads and checks a dataset manifest of at most {@link #MAX_MANIFEST_BYTES}.
   *
   * @throws IOException one line naming the file, and for a bad value the key, the value and what
   *     was expected
   */
  public static DatasetManifest read(Path file) throws IOException {
    return parse(
        BoundedFiles.readAllBytes(file, MAX_MANIFEST_BYTES, "a dataset manifest"), file.toString());
  }

  /**
   * Parses and checks dataset manifest JSON.
   *
   * @param source names the JSON in error messages (its file)
   * @throws InvalidFileException one line starting with {@code source}
   */
  static DatasetManifest parse(byte[] json, String source) throws InvalidFileException {
    ManifestChecks checks = new ManifestChecks(source);
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw checks.notValid("dataset manifest", e);
    } catch (IOException e) {
      throw new InvalidFileException(
          source, "unreadable: " + e.getMessage(), "a dataset manifest", e);
    }
    if (root == null || !root.isObject()) {
      throw checks.problem(
          "the top level is " + (root == null ? "empty" : root.getNodeType()), "a JSON object");
    }
    checks.equal("format", text(checks, root, "format"), FORMAT);
    checks.require(
        integer(checks, root, "version") == VERSION,
        "version",
        root.get("version"),
        Integer.toString(VERSION));
    String task = text(checks, root, "task");
    checks.require(
        !task.isBlank() && task.length() <= 200, "task", task, "a name of 1..200 characters");
    int width = checks.range("imageWidth", integer(checks, root, "imageWidth"), 1, MAX_IMAGE_SIDE);
    int height =
        checks.range("imageHeight", integer(checks, root, "imageHeight"), 1, MAX_IMAGE_SIDE);
    checks.equal("encoding", text(checks, root, "encoding"), "rgb8");
    double period =
        checks.positive("controlPeriodSeconds", number(checks, root, "controlPeriodSeconds"), 3600);
    List<String> actionNames = names(checks, root, "actionNames");
    List<String> proprioNames = names(checks, root, "proprioNames");
    List<String> taskStateNames = names(checks, root, "taskStateNames");
    JsonNode list = root.get("episodes");
    if (list == null || !list.isArray()) {
      throw list == null
          ? checks.missing("episodes", "a list of episode entries")
          : checks.error("episodes", list.getNodeType(), "a list of episode entries");
    }
    List<Entry> episodes = new ArrayList<>(list.size());
    Set<String> files = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = "episodes[" + i + "]";
      JsonNode node = list.get(i);
      if (!node.isObject()) {
        throw checks.error(key, node.getNodeType(), "an object with file, seed and steps");
      }
      String file = text(checks, node, key + ".file", "file");
      checks.require(
          EPISODE_FILE.matcher(file).matches(), key + ".file", file, "episode-NNNNNN.npz");
      checks.require(files.add(file), key + ".file", file, "each file listed once");
      long seed = longValue(checks, node, key + ".seed", "seed");
      int steps =
          checks.range(
              key + ".steps", integer(checks, node, key + ".steps", "steps"), 1, MAX_STEPS);
      JsonNode policy = node.get("policy");
      checks.require(
          policy == null || policy.isNull() || policy.isTextual(),
          key + ".policy",
          policy,
          "a policy name");
      JsonNode success = node.get("success");
      checks.require(
          success == null || success.isNull() || success.isBoolean(),
          key + ".success",
          success,
          "true or false");
      episodes.add(
          new Entry(
              file,
              seed,
              steps,
              policy == null || policy.isNull() ? "" : policy.asText(),
              success != null && success.asBoolean()));
    }
    return new DatasetManifest(
        task, width, height, period, actionNames, proprioNames, taskStateNames, episodes);
  }

  /** The value of {@code node.name}, reported as {@code key}; never null. */
  private static JsonNode required(
      ManifestChecks checks, JsonNode node, String key, String name, String type)
      throws InvalidFileException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw checks.missing(key, type);
    }
    return value;
  }

  private static String text(ManifestChecks checks, JsonNode node, String name)
      throws InvalidFileException {
    return text(checks, node, name, name);
  }

  private static String text(ManifestChecks checks, JsonNode node, String key, String name)
      throws InvalidFileException {
    JsonNode value = required(checks, node, key, name, "a string");
    checks.require(value.isTextual(), key, value, "a string");
    return value.asText();
  }

  private static int integer(ManifestChecks checks, JsonNode node, String name)
      throws InvalidFileException {
    return integer(checks, node, name, name);
  }

  private static int integer(ManifestChecks checks, JsonNode node, String key, String name)
      throws InvalidFileException {
    JsonNode value = required(checks, node, key, name, "an integer");
    checks.require(value.isIntegralNumber() && value.canConvertToInt(), key, value, "an integer");
    return value.intValue();
  }

  private static long longValue(ManifestChecks checks, JsonNode node, String key, String name)
      throws InvalidFileException {
    JsonNode value = required(checks, node, key, name, "an integer");
    checks.require(value.isIntegralNumber() && value.canConvertToLong(), key, value, "an integer");
    return value.longValue();
  }

  private static double number(ManifestChecks checks, JsonNode node, String name)
      throws InvalidFileException {
    JsonNode value = required(checks, node, name, name, "a number");
    checks.require(value.isNumber(), name, value, "a number");
    return value.doubleValue();
  }

  /** An optional list of names; empty when absent. */
  private static List<String> names(ManifestChecks checks, JsonNode root, String key)
      throws InvalidFileException {
    JsonNode value = root.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    checks.require(
        value.isArray() && value.size() <= 1024, key, value, "a list of at most 1024 names");
    List<String> names = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode name = value.get(i);
      checks.require(name.isTextual(), key + "[" + i + "]", name, "a name");
      names.add(name.asText());
    }
    return names;
  }
}
