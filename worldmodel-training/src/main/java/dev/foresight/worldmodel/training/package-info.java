/**
 * Training of the learned world model: JEPA training and predictor refinement on DJL's PyTorch
 * engine, ONNX export into the bundle format of {@link dev.foresight.worldmodel}, the recorded and
 * synthetic datasets, held-out evaluation, and the PyTorch inference engine ({@link
 * dev.foresight.worldmodel.training.PyTorchEngine}, found by {@link
 * dev.foresight.worldmodel.WorldModels#open} through {@code META-INF/services}).
 *
 * <p>Entry points: {@link dev.foresight.worldmodel.training.ModelTraining} (datasets to a trained
 * bundle), {@link dev.foresight.worldmodel.training.JepaTrainer} (the training loop), {@link
 * dev.foresight.worldmodel.training.ModelEvaluation} (held-out metrics), {@link
 * dev.foresight.worldmodel.training.ParityCheck} (ONNX Runtime against PyTorch).
 */
package dev.foresight.worldmodel.training;
