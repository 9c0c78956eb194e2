package dev.foresight.planner.models;

import dev.foresight.core.WorldModel;
import dev.foresight.testsupport.WorldModelContract;

/**
 * The world-model contract on the pure-Java MLP: the contract's batches of 7 samples take {@link
 * FloatGemm}'s four-row block and its one-row remainder, which must agree bit for bit with single
 * samples.
 */
class MlpWorldModelContractTest extends WorldModelContract {
  @Override
  protected WorldModel open() {
    return new MlpWorldModel(16, 7, 7, 32, 3);
  }
}
