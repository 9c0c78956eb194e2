package dev.foresight.bridge;

/** The arm-driver contract on the ideal kinematic arm. */
class KinematicArmDriverContractTest extends ArmDriverContract {
  @Override
  protected ArmDriver open() {
    return new KinematicArmDriver(TestSupport.START, 0);
  }
}
