package dev.foresight.sim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code results.json}: the run's identity, every episode and the summary.
 * Non-finite numbers are written as {@code null}. Writes are atomic (temporary name, rename).
 */
public final class ResultsJson {
  /** Format name written into every file. */
  public static final String FORMAT = "foresight-eval-results";

  /** Format version written into every file. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  /** Serialises a run with its summary. */
  public static String toJson(EvalRun run) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("task", run.task());
    root.put("planner", run.planner());
    root.put("seed", run.seed());
    root.put("totalEpisodes", run.totalEpisodes());
    root.put("shard", run.shard().toString());
    EvalSummary summary = run.summary();
    ObjectNode s = root.putObject("summary");
    s.put("episodes", summary.episodes());
    s.put("successes", summary.successes());
    number(s, "successRate", summary.successRate());
    number(s, "successRateLow95", summary.successRateLow());
    number(s, "successRateHigh95", summary.successRateHigh());
    number(s, "medianStepsToSuccess", summary.medianStepsToSuccess());
    number(s, "planningMillisP50", summary.planningMillisP50());
    number(s, "planningMillisP95", summary.planningMillisP95());
    number(s, "replanMillisP50", summary.replanMillisP50());
    number(s, "planningMillisPerStepMean", summary.planningMillisPerStepMean());
    ArrayNode episodes = root.putArray("episodes");
    for (EpisodeResult episode : run.episodes()) {
      ObjectNode e = episodes.addObject();
      e.put("index", episode.index());
      e.put("seed", episode.seed());
      e.put("success", episode.success());
      e.put("steps", episode.steps());
      e.put("stepsToSuccess", episode.stepsToSuccess());
      number(e, "finalDistance", episode.finalDistance());
      e.put("failureCause", episode.failureCause());
      e.put("filmstrip", episode.filmstrip());
      ArrayNode planning = e.putArray("planningMillis");
      for (double millis : episode.planningMillis()) {
        planning.add(millis);
      }
      ArrayNode replans = e.putArray("replanMillis");
      for (double millis : episode.replanMillis()) {
        replans.add(millis);
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise results", e);
    }
  }

  /** Writes {@code results.json} into {@code directory} atomically. */
  public static Path write(Path directory, EvalRun run) throws IOException {
    Path file = directory.resolve("results.json");
    AtomicFiles.writeString(file, toJson(run));
    return file;
  }

  /**
   * Reads a {@code results.json} file, or the one inside a directory.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static EvalRun read(Path fileOrDirectory) throws IOException {
    Path file =
        Files.isDirectory(fileOrDirectory)
            ? fileOrDirectory.resolve("results.json")
            : fileOrDirectory;
    JsonNode root;
    try {
      // 64 MiB is ten thousand episodes many times over; a larger file is not ours.
      root =
          MAPPER.readTree(
              new String(
                  dev.foresight.core.io.BoundedFiles.readAllBytes(
                      file, 64L << 20, "the results.json of a sim eval run"),
                  StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file, expected the results.json of a sim eval run");
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IOException(file + ": format is not " + FORMAT);
    }
    if (root.path("version").asInt() != VERSION) {
      throw new IOException(
          file + ": version " + root.path("version") + " is not supported, expected " + VERSION);
    }
    try {
      List<EpisodeResult> episodes = new ArrayList<>();
      for (JsonNode e : root.path("episodes")) {
        JsonNode planningNode = e.path("planningMillis");
        double[] planning = new double[planningNode.size()];
        for (int i = 0; i < planning.length; i++) {
          planning[i] = planningNode.get(i).asDouble();
        }
        JsonNode replanNode = e.path("replanMillis");
        double[] replans = null;
        if (replanNode.isArray()) {
          replans = new double[replanNode.size()];
          for (int i = 0; i < replans.length; i++) {
            replans[i] = replanNode.get(i).asDouble();
          }
        }
        episodes.add(
            new EpisodeResult(
                e.path("index").asInt(),
                e.path("seed").asLong(),
                e.path("success").asBoolean(),
                e.path("steps").asInt(),
                e.path("stepsToSuccess").asInt(),
                e.path("finalDistance").isNull() ? Double.NaN : e.path("finalDistance").asDouble(),
                e.path("failureCause").asText(),
                planning,
                e.path("filmstrip").asText(),
                replans));
      }
      return new EvalRun(
          root.path("task").asText(),
          root.path("planner").asText(),
          root.path("seed").asLong(),
          root.path("totalEpisodes").asInt(),
          Shard.parse(root.path("shard").asText()),
          episodes);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }
}
