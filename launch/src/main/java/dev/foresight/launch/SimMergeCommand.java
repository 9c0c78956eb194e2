package dev.foresight.launch;

import dev.foresight.sim.report.EvalRun;
import dev.foresight.sim.report.EvalSummary;
import dev.foresight.sim.report.HtmlReport;
import dev.foresight.sim.report.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foresight sim merge --out DIR SHARD_DIR...}: joins the outputs of sharded eval runs. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Join the outputs of `foresight sim eval --shard i/n` runs into one report.",
      "Fails when shards are missing, overlap or come from different runs."
    })
final class SimMergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--criterion",
      paramLabel = "TEXT",
      description = "Success criterion printed in the report (default: as in the shards).")
  String criterion = "see the task definition";

  @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "Shard output folders.")
  List<Path> shards;

  @Override
  public Integer call() throws IOException {
    List<EvalRun> parts = new ArrayList<>();
    for (Path shard : shards) {
      parts.add(ResultsJson.read(shard));
    }
    EvalRun merged = EvalRun.merge(parts);
    Files.createDirectories(out);
    for (Path shard : shards) {
      copyFilmstrips(shard, merged);
    }
    Path report = HtmlReport.write(out, merged, criterion);
    EvalSummary s = merged.summary();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s %s: %d/%d successes (%.1f%%, 95%% CI %.1f-%.1f%%) from %d shards -> %s%n",
            merged.task(),
            merged.planner(),
            s.successes(),
            s.episodes(),
            100 * s.successRate(),
            100 * s.successRateLow(),
            100 * s.successRateHigh(),
            parts.size(),
            report);
    return 0;
  }

  private void copyFilmstrips(Path shard, EvalRun merged) throws IOException {
    Path shardDirectory = Files.isDirectory(shard) ? shard : shard.getParent();
    for (var episode : merged.episodes()) {
      if (episode.filmstrip().isEmpty()) {
        continue;
      }
      Path source = shardDirectory.resolve(episode.filmstrip());
      Path target = out.resolve(episode.filmstrip());
      if (Files.exists(source) && !Files.exists(target)) {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.copy(source, target);
      }
    }
  }
}
