package dev.foresight.launch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.core.Image;
import dev.foresight.runtime.ClosedLoop;
import dev.foresight.sim.loop.EpisodeRunner;
import dev.foresight.sim.report.EpisodeResult;
import dev.foresight.sim.report.EvalSummary;
import dev.foresight.sim.report.Filmstrip;
import dev.foresight.sim.report.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The report folder of {@code foresight run --out}: filmstrip, energy (and, for a simulated
 * episode, distance) plots, per-step diagnostics and summary.json.
 *
 * @param out the folder
 * @param frames the frame source's name ({@code ros}, {@code sim})
 * @param steps the step limit
 * @param seed the simulated episode's seed
 */
record RunReport(Path out, String frames, int steps, long seed) {

  /** Writes the report: filmstrip with the goal, energy (and distance) plots, summary.json. */
  void write(ClosedLoop.Result result, Image goal, EpisodeRunner.Outcome episode, String taskName)
      throws IOException {
    List<Image> filmstripFrames = episode != null ? episode.frames() : result.frames();
    if (!filmstripFrames.isEmpty()) {
      Plots.writePng(Filmstrip.render(filmstripFrames, goal, 12, 2), out.resolve("filmstrip.png"));
    }
    if (result.steps() > 0) {
      Plots.writePng(
          Plots.line("energy per step (best planned)", "step", "energy", result.energies(), 1),
          out.resolve("energy.png"));
    }
    if (episode != null) {
      Plots.writePng(
          Plots.line("distance to goal per step", "step", "distance", episode.distances()),
          out.resolve("distance.png"));
    }
    ArrayNode rows = ReportJson.array();
    for (int i = 0; i < result.steps(); i++) {
      ObjectNode row = rows.addObject();
      row.put("step", i + 1);
      ReportJson.put(row, "energy", result.energies()[i]);
      ReportJson.put(row, "planningMillis", result.planningMillis()[i]);
      ReportJson.put(row, "encodingMillis", result.encodingMillis()[i]);
    }
    ReportJson.write(out.resolve("diagnostics.json"), rows);
    ObjectNode summary = ReportJson.object();
    summary.put("frames", frames);
    summary.put("steps", result.steps());
    summary.put("maxSteps", steps);
    summary.put("end", result.end().name());
    summary.put("endDetail", result.detail());
    summary.put("rearms", result.rearms());
    ReportJson.put(
        summary, "planningMillisP50", EvalSummary.percentile(result.planningMillis(), 50));
    ReportJson.put(
        summary, "planningMillisP95", EvalSummary.percentile(result.planningMillis(), 95));
    if (episode != null) {
      EpisodeResult r = episode.result();
      summary.put("task", taskName);
      summary.put("seed", seed);
      summary.put("success", r.success());
      summary.put("episodeSteps", r.steps());
      summary.put("stepsToSuccess", r.stepsToSuccess());
      ReportJson.put(summary, "initialDistance", episode.distances()[0]);
      ReportJson.put(summary, "finalDistance", r.finalDistance());
      summary.put("failureCause", r.failureCause());
      summary.put("distancePlot", "distance.png");
    }
    summary.put("filmstrip", "filmstrip.png");
    summary.put("energyPlot", "energy.png");
    summary.put("diagnostics", "diagnostics.json");
    ReportJson.write(out.resolve("summary.json"), summary);
  }
}
