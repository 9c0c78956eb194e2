package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.bridge.v1.Pose3d;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.State;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import org.junit.jupiter.api.Test;

/** The typed client API reads exactly what the wire messages carry. */
class ClientTypesTest {

  @Test
  void everyWireStopCauseHasTheTypedCauseOfTheSameNameAndBack() {
    for (dev.foresight.bridge.v1.StopCause wire : dev.foresight.bridge.v1.StopCause.values()) {
      if (wire == dev.foresight.bridge.v1.StopCause.UNRECOGNIZED) {
        continue;
      }
      StopCause typed = StopCause.forNumber(wire.getNumber());
      assertThat(typed.name()).isEqualTo(wire.name());
      assertThat(Protocol.toWire(typed)).isEqualTo(wire);
    }
    assertThat(StopCause.values()).hasSize(dev.foresight.bridge.v1.StopCause.values().length);
    assertThat(StopCause.forNumber(99)).isEqualTo(StopCause.UNRECOGNIZED);
    assertThatThrownBy(() -> Protocol.toWire(StopCause.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UNRECOGNIZED");
  }

  @Test
  void everyWireModeAndRejectReasonHasTheTypedValueOfTheSameName() {
    for (dev.foresight.bridge.v1.AgentMode wire : dev.foresight.bridge.v1.AgentMode.values()) {
      if (wire != dev.foresight.bridge.v1.AgentMode.UNRECOGNIZED) {
        assertThat(AgentMode.forNumber(wire.getNumber()).name()).isEqualTo(wire.name());
      }
    }
    assertThat(AgentMode.values()).hasSize(dev.foresight.bridge.v1.AgentMode.values().length);
    for (RejectReason wire : RejectReason.values()) {
      if (wire != RejectReason.UNRECOGNIZED) {
        assertThat(AgentReject.Reason.forNumber(wire.getNumber()).name()).isEqualTo(wire.name());
      }
    }
    assertThat(AgentReject.Reason.values()).hasSize(RejectReason.values().length);
    assertThat(AgentReject.Reason.forNumber(99)).isEqualTo(AgentReject.Reason.UNRECOGNIZED);
  }

  @Test
  void aStateReadsItsModeCausePoseAndJoints() {
    State wire =
        State.newBuilder()
            .setSequence(7)
            .setTimeNanos(123)
            .setEePoseInBase(Pose3d.newBuilder().setX(0.5).setZ(0.2).setYaw(0.1))
            .setGripper(0.25)
            .setMode(dev.foresight.bridge.v1.AgentMode.AGENT_MODE_STOPPED)
            .setStopCause(dev.foresight.bridge.v1.StopCause.STOP_CAUSE_LIMIT_VIOLATION)
            .setStopDetail("setpoint outside the box")
            .setStopCount(3)
            .setLastCommandSequence(41)
            .addJointPositionsRad(0.5)
            .addJointPositionsRad(-1.25)
            .build();
    AgentState state = new AgentState(wire);
    assertThat(state.sequence()).isEqualTo(7);
    assertThat(state.mode()).isEqualTo(AgentMode.AGENT_MODE_STOPPED);
    assertThat(state.stopCause()).isEqualTo(StopCause.STOP_CAUSE_LIMIT_VIOLATION);
    assertThat(state.stopDetail()).isEqualTo("setpoint outside the box");
    assertThat(state.stopCount()).isEqualTo(3);
    assertThat(state.lastCommandSequence()).isEqualTo(41);
    assertThat(state.jointPositionsRad()).containsExactly(0.5, -1.25);
    assertThat(state.armState().timeNanos()).isEqualTo(123);
    assertThat(state.armState().eePoseInBase()).isEqualTo(new Pose(0.5, 0, 0.2, 0, 0, 0.1));
    assertThat(state.armState().gripper()).isEqualTo(0.25);
    State unknownMode = wire.toBuilder().setModeValue(42).setStopCauseValue(42).build();
    assertThat(new AgentState(unknownMode).mode()).isEqualTo(AgentMode.UNRECOGNIZED);
    assertThat(new AgentState(unknownMode).stopCause()).isEqualTo(StopCause.UNRECOGNIZED);
  }

  @Test
  void aWelcomeReadsTheLimitsTheAgentAnnounces() {
    RobotProfile profile = TestSupport.PROFILE;
    AgentWelcome welcome =
        new AgentWelcome(
            Welcome.newBuilder()
                .setRobotId(profile.robotId())
                .setHasControl(true)
                .setSessionId(5)
                .addCapabilities(Protocol.CAPABILITY_EE_DELTA)
                .setLimits(Protocol.limitsOf(profile))
                .build());
    assertThat(welcome.robotId()).isEqualTo(profile.robotId());
    assertThat(welcome.hasControl()).isTrue();
    assertThat(welcome.sessionId()).isEqualTo(5);
    assertThat(welcome.capabilities()).containsExactly(Protocol.CAPABILITY_EE_DELTA);
    AgentLimits limits = welcome.limits();
    assertThat(limits.workspaceInBase()).isEqualTo(profile.workspaceInBase());
    assertThat(limits.controlRateHz()).isEqualTo(profile.controlRateHz());
    assertThat(limits.watchdogTimeout()).isEqualTo(profile.watchdogTimeout());
    assertThat(limits.maxStepM()).isEqualTo(profile.maxStepM());
    assertThat(limits.gripperMin()).isEqualTo(profile.gripperMin());
    assertThat(limits.gripperMax()).isEqualTo(profile.gripperMax());
    assertThat(limits.effectiveSpeedLimitMps()).isEqualTo(profile.effectiveSpeedLimitMps());
    assertThat(limits.collaborative()).isEqualTo(profile.collaborative());
  }
}
