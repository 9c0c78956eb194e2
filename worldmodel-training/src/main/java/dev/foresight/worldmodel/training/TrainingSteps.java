package dev.foresight.worldmodel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.foresight.worldmodel.Weights;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pieces of a training step both training stages share: state loss, AdamW, learning rate. */
final class TrainingSteps {
  private TrainingSteps() {}

  /**
   * Prediction loss on a joined state {@code [z, p̂]}: smooth L1 averaged over all dimensions, with
   * the proprio dimensions' share scaled by {@code proprioWeight}.
   */
  static NDArray stateLoss(
      NDArray prediction, NDArray target, long proprioSize, float proprioWeight) {
    NDArray all = smoothL1(prediction, target);
    float extra = proprioWeight - 1f;
    if (extra == 0f) {
      return all;
    }
    long size = prediction.getShape().get(prediction.getShape().dimension() - 1);
    NDIndex proprio = new NDIndex(":, {}:", size - proprioSize);
    NDArray proprioPart = smoothL1(prediction.get(proprio), target.get(proprio));
    // mean over all = (latent sum + proprio sum) / size; add (λ − 1) × proprio sum / size.
    return all.add(proprioPart.mul(extra * proprioSize / (float) size));
  }

  private static NDArray smoothL1(NDArray prediction, NDArray target) {
    NDArray difference = prediction.sub(target).abs();
    NDArray small = difference.minimum(1f);
    // huber(d) = 0.5 min(d,1)² + (d − min(d,1))
    return small.square().mul(0.5f).add(difference.sub(small)).mean();
  }

  /** One AdamW update of every array in {@code parameters} from its gradient, which it clears. */
  static void adamW(
      Map<String, NDArray> parameters,
      Map<String, NDArray> moment1,
      Map<String, NDArray> moment2,
      int step,
      float rate,
      float weightDecay) {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float epsilon = 1e-8f;
    float correction1 = 1 - (float) Math.pow(beta1, step);
    float correction2 = 1 - (float) Math.pow(beta2, step);
    for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
      NDArray parameter = entry.getValue();
      NDArray gradient = parameter.getGradient();
      NDArray m = moment1.get(entry.getKey());
      NDArray v = moment2.get(entry.getKey());
      m.muli(beta1).addi(gradient.mul(1 - beta1));
      v.muli(beta2).addi(gradient.square().mul(1 - beta2));
      NDArray update =
          m.div(correction1)
              .div(v.div(correction2).sqrt().add(epsilon))
              .add(parameter.mul(weightDecay));
      parameter.subi(update.mul(rate));
      JniUtils.zeroGrad((PtNDArray) parameter);
    }
  }

  /**
   * One-cycle: linear warm-up over 10% of {@code steps} from peak/25, then cosine decay to
   * peak/1000.
   */
  static float oneCycle(float peak, int steps, int step) {
    int warmup = Math.max(1, steps / 10);
    if (step <= warmup) {
      return peak / 25 + (peak - peak / 25) * step / warmup;
    }
    double progress = (step - warmup) / (double) Math.max(1, steps - warmup);
    return (float) (peak / 1000 + (peak - peak / 1000) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }

  /** The mean of {@code values[from, to)}; NaN when that is empty. */
  static float mean(float[] values, int from, int to) {
    if (to <= from) {
      return Float.NaN;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return (float) (sum / (to - from));
  }

  /**
   * AdamW's moment estimates for {@code parameters}: the saved ones of a checkpoint, or zeros for a
   * fresh start.
   *
   * @param saved the checkpoint's moments, or null
   */
  static Map<String, NDArray> moments(
      Map<String, NDArray> parameters, Weights saved, NDManager manager) {
    Map<String, NDArray> moments = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
      Shape shape = entry.getValue().getShape();
      moments.put(
          entry.getKey(),
          saved != null
              ? manager.create(saved.get(entry.getKey()).values(), shape)
              : manager.zeros(shape));
    }
    return moments;
  }
}
