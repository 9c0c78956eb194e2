package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.ArmDriver;
import dev.foresight.config.ForesightConfig;
import dev.foresight.core.Pose;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ArmDrivers}: the drivers {@code foresight agent} and its ROS node choose by name. */
class ArmDriversTest {
  private static final ForesightConfig CONFIG = ForesightConfig.DEFAULTS;

  @Test
  void kinematicAndLogDriversStartAtTheWorkspaceCentre() {
    Pose centre = ArmDrivers.workspaceCentre(CONFIG);
    var box = CONFIG.robot().workspaceInBase();
    assertThat(centre.x()).isEqualTo((box.minX() + box.maxX()) / 2);
    assertThat(centre.z()).isEqualTo((box.minZ() + box.maxZ()) / 2);
    for (String name : new String[] {"kinematic", "log"}) {
      ArmDriver driver = ArmDrivers.create(name, CONFIG, () -> null);
      assertThat(driver.state().eePoseInBase()).as(name).isEqualTo(centre);
      assertThat(driver.state().gripper()).as(name).isEqualTo(CONFIG.robot().gripperMin());
    }
  }

  @Test
  void onlyTheRosDriverStartsRosAndSimIsHostedElsewhere() {
    AtomicInteger rosStarts = new AtomicInteger();
    ArmDrivers.create("kinematic", CONFIG, () -> fail(rosStarts));
    assertThat(ArmDrivers.create("sim", CONFIG, () -> fail(rosStarts))).isNull();
    assertThat(rosStarts).hasValue(0);
    ArmDriver marker = ArmDrivers.create("kinematic", CONFIG, () -> null);
    assertThat(ArmDrivers.create("ros", CONFIG, () -> marker)).isSameAs(marker);
  }

  @Test
  void unknownDriverIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> ArmDrivers.create("rocket", CONFIG, () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--driver: 'rocket' is not a driver, expected kinematic, log, sim or ros");
  }

  private static ArmDriver fail(AtomicInteger rosStarts) {
    rosStarts.incrementAndGet();
    return null;
  }
}
