/**
 * The learned world model for inference: the model bundle format (manifest, ONNX files and their
 * checksums), architecture and normalisation records, frame preprocessing, and engines that run a
 * bundle (ONNX Runtime; DJL's TensorRT; PyTorch where the worldmodel-training module provides it).
 * No PyTorch here: processes that only run a model carry none.
 *
 * <p>Entry points: {@link dev.foresight.worldmodel.ModelBundle} (read and verify a bundle), {@link
 * dev.foresight.worldmodel.WorldModels} (open a bundle as a {@link dev.foresight.core.WorldModel}
 * on the configured engine), {@link dev.foresight.worldmodel.WorldModelEngine} (an engine another
 * module supplies).
 */
package dev.foresight.worldmodel;
