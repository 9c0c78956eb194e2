package dev.foresight.worldmodel;

import dev.foresight.config.ModelSettings;
import java.io.IOException;
import java.util.Optional;

/**
 * An inference engine that another module supplies: {@link WorldModels#open} finds it with {@link
 * java.util.ServiceLoader} (a {@code META-INF/services/dev.foresight.worldmodel.WorldModelEngine}
 * entry). The PyTorch engine comes this way from the worldmodel-training module, so a process
 * without that module carries no PyTorch and runs such a bundle on ONNX Runtime instead.
 */
public interface WorldModelEngine {
  /** The {@code model.engine} value this provider opens bundles for. */
  ModelSettings.Engine engine();

  /**
   * Why the engine cannot run in this process (e.g. its native library does not load).
   *
   * @return empty when it can
   */
  Optional<String> unavailable();

  /**
   * Opens {@code bundle} on this engine.
   *
   * @param threads CPU threads where the engine takes a count
   */
  LearnedWorldModel open(ModelBundle bundle, int threads) throws IOException;
}
