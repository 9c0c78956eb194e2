package dev.foresight.launch;

import java.util.Optional;

/**
 * Where commands get their {@link WorldModelLoader} from.
 *
 * <p>Wiring point: the learned-model bundle loader (ONNX via DJL) is built in the {@code
 * worldmodel} module in parallel with the planner; once it exists, return it here, e.g. {@code
 * Optional.of(dir -> { var bundle = ModelBundle.open(dir); return new
 * LoadedModel(bundle.worldModel(), bundle.predictorFlopsPerSample(), bundle.proprioSize(),
 * bundle.describe()); })}. Until then {@code --model} reports that the loader is not available and
 * exits with status 3.
 */
final class WorldModelLoaders {
  private WorldModelLoaders() {}

  /** The model bundle loader, or empty while the bundle format is not built. */
  static Optional<WorldModelLoader> bundleLoader() {
    return Optional.empty();
  }
}
