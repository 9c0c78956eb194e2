/**
 * The learned world model: architecture, JEPA training on DJL's PyTorch engine, ONNX export, the
 * model bundle format and inference with engine selection (OnnxRuntime, TensorRT, PyTorch).
 *
 * <p>Entry points: {@link dev.foresight.worldmodel.JepaTrainer} (train a bundle), {@link
 * dev.foresight.worldmodel.ModelBundle} (read and verify a bundle), {@link
 * dev.foresight.worldmodel.WorldModels} (open a bundle as a {@link dev.foresight.core.WorldModel}
 * on the configured engine), {@link dev.foresight.worldmodel.ModelEvaluation} (held-out metrics).
 */
package dev.foresight.worldmodel;
