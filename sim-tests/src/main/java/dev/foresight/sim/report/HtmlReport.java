package dev.foresight.sim.report;

import dev.foresight.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes {@code report.html}: a single self-contained page (plots inlined as PNG data URIs,
 * filmstrips linked by relative path) that opens in a browser from the file system.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * Writes {@code results.json} and {@code report.html} into {@code directory}, atomically each.
   *
   * @param successCriterion the task's success criterion in words, printed in the report
   * @return the report file
   */
  public static Path write(Path directory, EvalRun run, String successCriterion)
      throws IOException {
    ResultsJson.write(directory, run);
    Path file = directory.resolve("report.html");
    AtomicFiles.writeString(file, render(run, successCriterion));
    return file;
  }

  /** The report page as HTML text. */
  public static String render(EvalRun run, String successCriterion) {
    EvalSummary s = run.summary();
    double[] planning =
        run.episodes().stream().flatMapToDouble(e -> Arrays.stream(e.planningMillis())).toArray();
    double[] steps =
        run.episodes().stream()
            .filter(EpisodeResult::success)
            .mapToDouble(EpisodeResult::stepsToSuccess)
            .toArray();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Foresight sim eval: ")
        .append(escape(run.task()))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;")
        .append("text-align:right}th{background:#eee}.fail{color:#b00}.ok{color:#070}")
        .append("img{max-width:100%}</style></head><body>\n");
    html.append("<h1>Foresight sim eval: ")
        .append(escape(run.task()))
        .append(" with the ")
        .append(escape(run.planner()))
        .append(" planner</h1>\n");
    html.append("<p>Seed ")
        .append(run.seed())
        .append(", shard ")
        .append(run.shard())
        .append(", ")
        .append(s.episodes())
        .append(" of ")
        .append(run.totalEpisodes())
        .append(" episodes. Success criterion: ")
        .append(escape(successCriterion))
        .append(".</p>\n<table><tr><th>success rate</th><th>95% CI (Wilson)</th>")
        .append("<th>median steps to success</th><th>planning ms per replan p50</th>")
        .append("<th>planning ms per executed step, mean</th><th>planning ms p50</th>")
        .append("<th>planning ms p95</th></tr><tr><td>")
        .append(percent(s.successRate()))
        .append(" (")
        .append(s.successes())
        .append("/")
        .append(s.episodes())
        .append(")</td><td>")
        .append(percent(s.successRateLow()))
        .append(" – ")
        .append(percent(s.successRateHigh()))
        .append("</td><td>")
        .append(number(s.medianStepsToSuccess()))
        .append("</td><td>")
        .append(number(s.replanMillisP50()))
        .append("</td><td>")
        .append(number(s.planningMillisPerStepMean()))
        .append("</td><td>")
        .append(number(s.planningMillisP50()))
        .append("</td><td>")
        .append(number(s.planningMillisP95()))
        .append("</td></tr></table>\n");
    html.append(
            "<h2>Planning time per control step</h2><img alt=\"planning time histogram\" src=\"")
        .append(Plots.dataUri(Plots.histogram("planning time per step", "ms", planning, 30)))
        .append("\">\n");
    if (steps.length > 0) {
      html.append("<h2>Steps to success</h2><img alt=\"steps to success histogram\" src=\"")
          .append(Plots.dataUri(Plots.histogram("steps to success", "steps", steps, 20)))
          .append("\">\n");
    }
    html.append("<h2>Episodes</h2><table><tr><th>#</th><th>seed</th><th>result</th>")
        .append("<th>steps</th><th>steps to success</th><th>final distance</th>")
        .append("<th>planning ms p50</th><th>cause / filmstrip</th></tr>\n");
    for (EpisodeResult e : run.episodes()) {
      html.append("<tr><td>")
          .append(e.index())
          .append("</td><td>")
          .append(e.seed())
          .append("</td><td class=\"")
          .append(e.success() ? "ok\">success" : "fail\">failure")
          .append("</td><td>")
          .append(e.steps())
          .append("</td><td>")
          .append(e.stepsToSuccess() < 0 ? "–" : Integer.toString(e.stepsToSuccess()))
          .append("</td><td>")
          .append(number(e.finalDistance()))
          .append("</td><td>")
          .append(number(EvalSummary.percentile(e.planningMillis(), 50)))
          .append("</td><td style=\"text-align:left\">")
          .append(escape(e.failureCause()));
      if (!e.filmstrip().isEmpty()) {
        html.append(" <a href=\"")
            .append(escape(e.filmstrip()))
            .append("\"><img style=\"height:48px;vertical-align:middle\" alt=\"filmstrip\" src=\"")
            .append(escape(e.filmstrip()))
            .append("\"></a>");
      }
      html.append("</td></tr>\n");
    }
    html.append("</table></body></html>\n");
    return html.toString();
  }

  private static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : "–";
  }

  private static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3g", value) : "–";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
