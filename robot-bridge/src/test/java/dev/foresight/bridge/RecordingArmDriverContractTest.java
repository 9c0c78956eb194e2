package dev.foresight.bridge;

/**
 * The arm-driver contract on the recording wrapper around a kinematic arm, with a small buffer so
 * that the contract's long command runs overflow it.
 */
class RecordingArmDriverContractTest extends ArmDriverContract {
  @Override
  protected ArmDriver open() {
    return new RecordingArmDriver(new KinematicArmDriver(TestSupport.START, 0), 64);
  }
}
