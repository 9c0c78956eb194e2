package dev.foresight.bridge;

/** The arm-driver contract on the logging wrapper around a kinematic arm. */
class LoggingArmDriverContractTest extends ArmDriverContract {
  @Override
  protected ArmDriver open() {
    return new LoggingArmDriver(new KinematicArmDriver(TestSupport.START, 0));
  }
}
