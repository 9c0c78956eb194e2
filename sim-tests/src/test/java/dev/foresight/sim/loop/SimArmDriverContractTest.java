package dev.foresight.sim.loop;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.bridge.ArmDriverContract;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimArmDriver;
import dev.foresight.sim.Tasks;
import org.junit.jupiter.api.AfterEach;

/**
 * The arm-driver contract on the simulated arm behind the agent: time passes for it when the
 * episode loop advances it to the target of the newest command, as {@link BridgeActuator} does.
 */
class SimArmDriverContractTest extends ArmDriverContract {
  private Episode episode;
  private SimArmDriver simDriver;
  private Pose start;

  @Override
  protected ArmDriver open() {
    episode = new Episode(Tasks.byName("reach"), 11, RenderSettings.defaults().withSize(16, 16));
    simDriver = new SimArmDriver(episode);
    start = episode.world().arm().state().eePoseInBase();
    return simDriver;
  }

  @AfterEach
  void closeEpisode() {
    episode.close();
  }

  @Override
  protected Pose start() {
    return start;
  }

  @Override
  protected RobotProfile profile() {
    return SimRobot.robotProfile(episode.spec());
  }

  /** One control period of physics toward the newest command's target, if there was one. */
  @Override
  protected void settle(ArmDriver driver) throws Exception {
    long sequence = simDriver.targetSequence();
    if (sequence > 0) {
      simDriver.advance(sequence, WAIT);
    }
  }
}
