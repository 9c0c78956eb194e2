package dev.foresight.launch;

import dev.foresight.core.WorldModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a {@link WorldModel} from a model bundle directory, for commands that take {@code --model
 * DIR} (e.g. {@code foresight bench planner}). The bundle format and its loader live in the {@code
 * worldmodel} module; {@link WorldModelLoaders#bundleLoader()} is where they are wired in.
 */
interface WorldModelLoader {

  /**
   * Opens the bundle in {@code bundleDirectory}.
   *
   * @throws IOException if the bundle cannot be read
   * @throws IllegalArgumentException if it is not a valid bundle, naming what is wrong
   */
  LoadedModel load(Path bundleDirectory) throws IOException;

  /**
   * A loaded model and what a benchmark needs to know about it.
   *
   * @param model the world model; the caller closes it
   * @param flopsPerSample floating-point operations of one sample's {@code predict}, or 0 if
   *     unknown (GFLOP/s are then not reported)
   * @param proprioSize size of the proprioceptive slice at the end of the latent (0 if none), which
   *     gets its own energy weight
   * @param description one line for output, e.g. the manifest's name and engine
   */
  record LoadedModel(WorldModel model, long flopsPerSample, int proprioSize, String description) {}
}
