package dev.foresight.launch;

/**
 * The worldmodel-training module (trainer, ONNX export, datasets, evaluation, the PyTorch engine).
 * {@code ./foresight} starts most commands on the inference class path ({@code
 * launch/target/inference-classpath.txt}), which leaves it and PyTorch out; the commands that need
 * it call {@link #require} first, so started on that class path they fail with one line instead of
 * a {@link NoClassDefFoundError} part-way through.
 */
final class TrainingModule {
  /** A class of the module, looked up without initialising it. */
  static final String MARKER = "dev.foresight.worldmodel.training.ModelTraining";

  /** The error's text, after {@code foresight COMMAND: }. */
  static final String ABSENT =
      "needs the worldmodel-training module (trainer, datasets, PyTorch), which is not on this"
          + " process's class path; ./foresight starts train and model with the full class path"
          + " (launch/target/runtime-classpath.txt)";

  private TrainingModule() {}

  /**
   * Checks that the module is on the class path.
   *
   * @throws IllegalStateException {@link #ABSENT} when it is not
   */
  static void require() {
    try {
      Class.forName(MARKER, false, TrainingModule.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(ABSENT, e);
    }
  }
}
