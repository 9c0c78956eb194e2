package dev.foresight.bridge;

import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A test arm whose measured state the test sets (a pose that the hand moves, a clock that freezes)
 * and that records every setpoint and hold; a command can be made to throw.
 */
final class ScriptedArm implements ArmDriver {
  /** One recorded call: a setpoint (7 values) or a hold (null values). */
  record Call(double[] setpoint, boolean hold, long timeNanos) {}

  volatile Pose measured;
  volatile double gripper;

  /** When set, {@link #state()} reports this time instead of now (a frozen reading). */
  volatile long frozenTimeNanos;

  /** When set, {@link #command} throws what it supplies. */
  volatile Supplier<? extends Throwable> failure;

  /** Whether commands move the measured pose (an ideal arm) or leave it (a blocked one). */
  volatile boolean follows = true;

  private final List<Call> calls = new ArrayList<>();

  ScriptedArm(Pose start) {
    this.measured = start;
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public ArmState state() {
    long time = frozenTimeNanos != 0 ? frozenTimeNanos : System.nanoTime();
    return new ArmState(time, measured, gripper);
  }

  @Override
  public void command(Setpoint setpoint) {
    Supplier<? extends Throwable> fail = failure;
    if (fail != null) {
      Throwable t = fail.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) t;
    }
    double[] values = {
      setpoint.x(),
      setpoint.y(),
      setpoint.z(),
      setpoint.roll(),
      setpoint.pitch(),
      setpoint.yaw(),
      setpoint.gripper()
    };
    synchronized (calls) {
      calls.add(new Call(values, false, System.nanoTime()));
    }
    if (follows) {
      measured = setpoint.eePoseInBase();
      gripper = setpoint.gripper();
    }
  }

  @Override
  public void hold() {
    synchronized (calls) {
      calls.add(new Call(null, true, System.nanoTime()));
    }
  }

  List<Call> calls() {
    synchronized (calls) {
      return new ArrayList<>(calls);
    }
  }

  /** The setpoints commanded so far, in order. */
  List<double[]> setpoints() {
    return calls().stream().filter(c -> !c.hold()).map(Call::setpoint).toList();
  }

  int holds() {
    return (int) calls().stream().filter(Call::hold).count();
  }
}
