package dev.foresight.planner.models;

import dev.foresight.core.WorldModel;
import dev.foresight.testsupport.WorldModelContract;

/** The world-model contract on the linear model of the planner tests. */
class LinearWorldModelContractTest extends WorldModelContract {
  @Override
  protected WorldModel open() {
    return new LinearWorldModel(3, 3, new float[] {1f, 0.2f, 0f, 0f, 0.8f, 0.1f, 0.1f, 0f, 1.2f});
  }
}
