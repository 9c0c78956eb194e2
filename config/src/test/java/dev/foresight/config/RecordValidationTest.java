package dev.foresight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecordValidationTest {

  @Test
  void rangesFormatAndCheckTheirBounds() {
    assertThat(RobotProfile.MAX_EE_SPEED.toString()).isEqualTo("(0, 5] m/s");
    assertThat(RobotProfile.MAX_EE_SPEED.contains(0)).isFalse();
    assertThat(RobotProfile.MAX_EE_SPEED.contains(5)).isTrue();
    assertThat(RobotProfile.MAX_EE_SPEED.contains(Double.NaN)).isFalse();
    assertThat(Range.closed(0.5, 1.25, "").toString()).isEqualTo("[0.5, 1.25]");
  }

  @Test
  void robotProfileBuiltInCodeIsCheckedToo() {
    RobotProfile d = RobotProfile.DEFAULTS;
    assertThatThrownBy(
            () ->
                new RobotProfile(
                    d.robotId(),
                    d.workspaceInBase(),
                    d.maxEeSpeedMps(),
                    d.maxStepM(),
                    d.maxRotationStepRad(),
                    d.gripperMin(),
                    d.gripperMax(),
                    d.controlRateHz(),
                    Duration.ofMillis(1),
                    false))
        .hasMessage("robot.watchdogTimeoutMillis: 1 is out of range, expected [5, 10000] ms");
  }

  @Test
  void trackingAndStateAgeBoundsAreChecked() {
    RobotProfile d = RobotProfile.DEFAULTS;
    assertThat(d.measuredStateMaxAge()).isEqualTo(Duration.ofMillis(200));
    assertThat(d.effectiveRotationLimitRadPerS()).isEqualTo(0.5 * 0.2 / 0.05);
    assertThatThrownBy(() -> withTracking(d, Duration.ofMillis(50), Double.NaN, 0.2))
        .hasMessage("robot.maxTrackingErrorM: NaN is out of range, expected (0, 1] m");
    assertThatThrownBy(() -> withTracking(d, Duration.ofMillis(50), 0.05, 4))
        .hasMessage(
            "robot.maxTrackingErrorRad: 4 is out of range, expected (0, 3.141592653589793] rad");
    assertThatThrownBy(() -> withTracking(d, Duration.ZERO, 0.05, 0.2))
        .hasMessage("robot.measuredStateMaxAgeMillis: 0 is out of range, expected [1, 10000] ms");
  }

  private static RobotProfile withTracking(
      RobotProfile d, Duration age, double trackingM, double trackingRad) {
    return new RobotProfile(
        d.robotId(),
        d.workspaceInBase(),
        d.maxEeSpeedMps(),
        d.maxStepM(),
        d.maxRotationStepRad(),
        d.gripperMin(),
        d.gripperMax(),
        d.controlRateHz(),
        d.watchdogTimeout(),
        false,
        age,
        trackingM,
        trackingRad);
  }

  @Test
  void boxClampsEachAxis() {
    Box box = new Box(0, -1, 0, 1, 1, 2);
    assertThat(box.clamp(0, 1.5)).isEqualTo(1);
    assertThat(box.clamp(1, -3)).isEqualTo(-1);
    assertThat(box.clamp(2, 0.5)).isEqualTo(0.5);
    assertThat(box.contains(0.5, 0, 1)).isTrue();
    assertThat(box.contains(0.5, 0, 2.1)).isFalse();
  }

  @Test
  void plannerDefaultsAreConsistent() {
    PlannerSettings p = PlannerSettings.DEFAULTS;
    assertThat(p.elites()).isLessThanOrEqualTo(p.samples());
    assertThat(p.sampler().configName()).isEqualTo("cem");
  }
}
