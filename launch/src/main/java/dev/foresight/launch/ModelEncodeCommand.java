package dev.foresight.launch;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.Pose;
import dev.foresight.core.io.ImageFiles;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.perception.Perception;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foresight model encode}: images to latents through the perception stage, one line per
 * image. Needs only the inference class path, so a distribution can check its engine's latents
 * against another machine's.
 */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = {
      "Encode PNG or JPEG images to latents through perception (resized and normalised as the",
      "bundle prescribes; proprio of an arm at the base origin, gripper open). Prints one line per",
      "image: the file, then the latent's floats separated by commas."
    })
final class ModelEncodeCommand implements Callable<Integer> {
  /** The arm state packed as proprio: the base origin, level, gripper open. */
  static final ArmState ORIGIN = new ArmState(0, new Pose(0, 0, 0, 0, 0, 0), 0);

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
  List<Path> images;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      defaultValue = "models/foresight-sim",
      description = "Bundle directory (default ${DEFAULT-VALUE}).")
  Path model;

  @Option(
      names = "--engine",
      defaultValue = "onnxruntime",
      description = "onnxruntime | cuda | tensorrt | pytorch (default ${DEFAULT-VALUE}).")
  String engine;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the lines to FILE instead of the standard output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    DjlDefaults.apply();
    StringWriter lines = new StringWriter();
    try (LearnedWorldModel worldModel =
            WorldModels.open(
                DjlDefaults.resolve(model), BenchModelCommands.parseEngine(engine), 1);
        PrintWriter writer = new PrintWriter(lines)) {
      Perception perception = Perception.of(worldModel);
      float[] latent = new float[perception.latentSize()];
      for (Path file : images) {
        perception.encode(new Observation(read(file), ORIGIN), latent);
        writer.print(file);
        writer.print(' ');
        for (int i = 0; i < latent.length; i++) {
          if (i > 0) {
            writer.print(',');
          }
          writer.print(latent[i]);
        }
        writer.println();
      }
    }
    if (out != null) {
      Files.writeString(out, lines.toString());
    } else {
      spec.commandLine().getOut().print(lines);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private static Image read(Path file) {
    try {
      return ImageFiles.readRgb(file);
    } catch (InvalidFileException e) {
      throw new IllegalArgumentException(
          "IMAGE " + file + ": " + e.problem() + ", expected a PNG or JPEG image", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "IMAGE " + file + ": cannot read (" + e.getMessage() + "), expected a PNG or JPEG image",
          e);
    }
  }
}
