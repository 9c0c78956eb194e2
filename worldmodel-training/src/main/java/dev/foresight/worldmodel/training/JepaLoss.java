package dev.foresight.worldmodel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.training.internal.TorchNetwork;

/**
 * The JEPA stage's training loss over one batch of windows: teacher-forced and rolled-out
 * prediction in representation space, VICReg variance and covariance on the online latents,
 * temporal smoothness, inverse dynamics, proprio decoding and, when asked, decorrelation of the
 * latent from the proprio, temporal contrast and pixel reconstruction.
 */
final class JepaLoss {
  private final Architecture architecture;
  private final JepaTrainer.Options options;

  JepaLoss(Architecture architecture, JepaTrainer.Options options) {
    this.architecture = architecture;
    this.options = options;
  }

  /** The loss of {@code batch} windows of {@link JepaTrainer#WINDOW} frames. */
  NDArray loss(
      TorchNetwork network,
      NDArray frames,
      NDArray actions,
      NDArray proprio,
      NDArray targetLatents,
      int batch) {
    int latent = architecture.latentSize();
    NDArray latents = network.encode(frames); // [B·W, L]
    NDArray windowLatents = latents.reshape(batch, JepaTrainer.WINDOW, latent);
    NDArray total = null;
    NDArray rollout = null;
    NDArray teacherForced = null;
    NDArray smoothness = null;
    NDArray inverse = null;
    NDArray proprioError = null;
    NDArray rolled = null;
    NDArray contrast = null;
    for (int k = 0; k < JepaTrainer.WINDOW - 1; k++) {
      NDArray zk = windowLatents.get(new NDIndex(":, {}, :", k));
      NDArray zNext = windowLatents.get(new NDIndex(":, {}, :", k + 1));
      NDArray pk = proprio.get(new NDIndex(":, {}, :", k));
      NDArray ak = actions.get(new NDIndex(":, {}, :", k));
      NDArray stateK = NDArrays2.concat(zk, pk);
      NDArray targetNext =
          NDArrays2.concat(
              targetLatents.get(new NDIndex(":, {}, :", k + 1)),
              proprio.get(new NDIndex(":, {}, :", k + 1)));
      NDArray oneStep = stateLoss(network.predict(stateK, ak), targetNext);
      teacherForced = teacherForced == null ? oneStep : teacherForced.add(oneStep);
      rolled = network.predict(rolled == null ? stateK : rolled, ak);
      NDArray rollStep = stateLoss(rolled, targetNext);
      rollout = rollout == null ? rollStep : rollout.add(rollStep);
      if (options.contrastive() > 0f) {
        NDArray term = contrastive(zk, zNext);
        contrast = contrast == null ? term : contrast.add(term);
      }
      NDArray change = zNext.sub(zk).square().mean();
      smoothness = smoothness == null ? change : smoothness.add(change);
      NDArray idm =
          network
              .inverseDynamics(zk, zNext)
              .sub(ak.mul(network.actionInverseScale()))
              .square()
              .mean();
      inverse = inverse == null ? idm : inverse.add(idm);
      NDArray decoded = network.decodeProprio(zk).sub(pk).square().mean();
      proprioError = proprioError == null ? decoded : proprioError.add(decoded);
    }
    float steps = JepaTrainer.WINDOW - 1;
    // VICReg on all online latents of the batch.
    NDArray centred = latents.sub(latents.mean(new int[] {0}, true));
    long n = latents.getShape().get(0);
    NDArray variance = centred.square().sum(new int[] {0}).div(n - 1);
    NDArray varianceLoss = variance.add(1e-4f).sqrt().neg().add(1f).maximum(0f).mean();
    NDArray covariance = centred.transpose().matMul(centred).div(n - 1);
    // Σ_{i≠j} C_ij² = Σ C² − Σ diag(C)²
    NDArray covarianceLoss = covariance.square().sum().sub(variance.square().sum()).div(latent);
    total =
        teacherForced
            .div(steps)
            .add(rollout.div(steps))
            .add(varianceLoss.mul(10f))
            .add(covarianceLoss.mul(0.4f))
            .add(smoothness.div(steps).mul(options.smoothness()));
    if (contrast != null) {
      total = total.add(contrast.div(steps).mul(options.contrastive()));
    }
    if (options.reconstruction() > 0f) {
      NDArray flat = proprio.reshape(n, architecture.proprioSize());
      total =
          total.add(
              ReconstructionHead.loss(network.parameters(), frames, latents, flat)
                  .mul(options.reconstruction()));
    }
    float decorrelation = options.proprioDecorrelation();
    if (decorrelation == 0f) {
      return total.add(inverse.div(steps)).add(proprioError.div(steps));
    }
    // The state carries the proprio beside z: keep z's linear part free of it, so the latent
    // spends itself on the scene (objects) rather than on a second copy of the arm.
    NDArray flatProprio = proprio.reshape(n, architecture.proprioSize());
    NDArray proprioCentred = flatProprio.sub(flatProprio.mean(new int[] {0}, true));
    NDArray cross = centred.transpose().matMul(proprioCentred).div(n - 1);
    return total.add(cross.square().sum().div(latent).mul(decorrelation));
  }

  /**
   * Temporal-contrastive (InfoNCE) loss: each window's next latent must be nearer its own current
   * latent than the other windows' next latents are, in squared distance per dimension at
   * temperature {@link #CONTRAST_TEMPERATURE}. Two frames of different episodes that differ only in
   * something the other terms ignore — how an object is turned, say — can then not share a latent.
   *
   * @param current {@code [B, L]} latents at step k
   * @param next {@code [B, L]} latents at step k + 1 of the same windows
   */
  static NDArray contrastive(NDArray current, NDArray next) {
    long batch = current.getShape().get(0);
    long latent = current.getShape().get(1);
    NDArray distances =
        current.expandDims(1).sub(next.expandDims(0)).square().sum(new int[] {2}).div(latent);
    NDArray logProbabilities = distances.div(-CONTRAST_TEMPERATURE).logSoftmax(1);
    NDArray own = logProbabilities.mul(current.getManager().eye((int) batch)).sum();
    return own.div(-batch);
  }

  /** Temperature of {@link #contrastive}, in squared latent distance per dimension. */
  static final float CONTRAST_TEMPERATURE = 0.1f;

  /**
   * Prediction loss on a joined state {@code [z, p̂]}: smooth L1 averaged over all dimensions, with
   * the proprio dimensions' share scaled by {@link Options#proprioWeight()}.
   */
  private NDArray stateLoss(NDArray prediction, NDArray target) {
    return TrainingSteps.stateLoss(
        prediction, target, architecture.proprioSize(), options.proprioWeight());
  }

  /** Small helpers kept apart so the loss reads like the formula. */
  private static final class NDArrays2 {
    static NDArray concat(NDArray a, NDArray b) {
      return ai.djl.ndarray.NDArrays.concat(new NDList(a, b), 1);
    }
  }
}
