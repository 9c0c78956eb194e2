package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One episode of a task, fully defined by (task, seed): a fresh {@link SimWorld}, the goal (state,
 * image, proprio, task state) and the step counter. Not thread-safe; episodes are independent.
 */
public final class Episode implements AutoCloseable {
  /** Length of the proprio vector: ee x, y, z, roll, pitch, yaw, gripper closure. */
  public static final int PROPRIO_SIZE = 7;

  /** Names of the proprio vector. */
  public static final String[] PROPRIO_NAMES = {
    "ee_x", "ee_y", "ee_z", "ee_roll", "ee_pitch", "ee_yaw", "gripper"
  };

  private final SimTask task;
  private final TaskSpec spec;
  private final long seed;
  private final SimWorld world;
  private final SimTask.Instance instance;
  private final Renderer renderer;
  private final RenderSettings renderSettings;
  private final List<Goal> goals;
  private final Goal goal;
  private int steps;

  /**
   * Builds the episode: samples the scene from the seed, renders the goal image from the goal
   * state, then resets to the initial state.
   */
  public Episode(SimTask task, long seed, RenderSettings renderSettings) {
    this.task = task;
    this.spec = task.spec();
    this.seed = seed;
    this.world = new SimWorld(spec.controlPeriodSeconds());
    this.instance = task.instantiate(world, new SplittableRandom(seed));
    this.renderer = Renderer.create(renderSettings);
    this.renderSettings = renderSettings;
    List<Goal> goals = new ArrayList<>();
    for (int i = 0; i < instance.subgoalCount(); i++) {
      instance.applySubgoalState(world, i);
      goals.add(snapshot());
    }
    instance.applyGoalState(world);
    goal = snapshot();
    goals.add(goal);
    this.goals = List.copyOf(goals);
    instance.applyInitialState(world);
  }

  /** The current world as a goal: rendered frame, proprio, simulator state and task state. */
  private Goal snapshot() {
    float[] state = new float[world.stateSize()];
    world.saveState(state, 0);
    byte[] frame = new byte[renderer.width() * renderer.height() * 3];
    renderer.render(world, frame);
    float[] proprio = new float[PROPRIO_SIZE];
    proprio(proprio);
    float[] taskState = new float[spec.taskStateSize()];
    instance.taskState(world, taskState);
    return new Goal(frame, proprio, state, taskState);
  }

  /**
   * A goal of the episode: what its image shows and the state behind it. Arrays are shared: do not
   * modify.
   *
   * @param frame the goal image, RGB8
   * @param proprio proprio vector of the arm in the image (see {@link #PROPRIO_NAMES})
   * @param state simulator state (privileged; for the oracle)
   * @param taskState task state (privileged; for the oracle and scoring)
   */
  public record Goal(byte[] frame, float[] proprio, float[] state, float[] taskState) {}

  /**
   * The episode's goals in order: the task's subgoals (if any), then the final goal ({@link
   * #goalFrame()} and friends). Subgoal images show states to pass through on the way, the way an
   * operator shows a robot "grasp here" before "put it there"; success is judged on the final goal
   * only.
   */
  public List<Goal> goals() {
    return goals;
  }

  /** How this episode's camera renders (size, camera). */
  public RenderSettings renderSettings() {
    return renderSettings;
  }

  /** The task. */
  public SimTask task() {
    return task;
  }

  /** The task's constants. */
  public TaskSpec spec() {
    return spec;
  }

  /** The seed that defines this episode. */
  public long seed() {
    return seed;
  }

  /** The physics world (privileged access). */
  public SimWorld world() {
    return world;
  }

  SimTask.Instance instance() {
    return instance;
  }

  /** Control steps taken. */
  public int steps() {
    return steps;
  }

  /** True when the step limit is reached. */
  public boolean done() {
    return steps >= spec.maxSteps();
  }

  /** Frame width, pixels. */
  public int width() {
    return renderer.width();
  }

  /** Frame height, pixels. */
  public int height() {
    return renderer.height();
  }

  /**
   * Masks and clips an action to what the task allows, e.g. for recording what was applied.
   *
   * @return the action {@link #step} applies for {@code action}
   */
  public Action constrain(Action action) {
    boolean[] mask = spec.actionMask();
    double t = spec.maxTranslationPerStep();
    double r = spec.maxRotationPerStep();
    return new Action(
        mask[0] ? clip(action.dx(), t) : 0,
        mask[1] ? clip(action.dy(), t) : 0,
        mask[2] ? clip(action.dz(), t) : 0,
        mask[3] ? clip(action.dRoll(), r) : 0,
        mask[4] ? clip(action.dPitch(), r) : 0,
        mask[5] ? clip(action.dYaw(), r) : 0,
        mask[6] ? action.gripper() : spec.fixedGripper());
  }

  private static double clip(double value, double bound) {
    return Math.max(-bound, Math.min(bound, value));
  }

  /**
   * Applies an action (masked and clipped, see {@link #constrain}) and advances one control step.
   *
   * @return the action that was applied
   */
  public Action step(Action action) {
    Action applied = constrain(action);
    world.arm().apply(setpoint(applied));
    world.step();
    steps++;
    return applied;
  }

  /**
   * The setpoint a constrained action asks for now: the measured end-effector pose plus the action
   * (at the task's fixed height where it fixes one). {@link #step} applies it; a bridge client that
   * sends absolute targets sends the same, so that the arm does what the world models and the
   * oracle (which step this episode) predict.
   */
  public EeSetpoint setpoint(Action constrained) {
    Pose ee = world.arm().state().eePoseInBase();
    double z =
        spec.actionMask()[2] || Double.isNaN(instance.fixedHeight())
            ? ee.z() + constrained.dz()
            : instance.fixedHeight();
    return new EeSetpoint(
        ee.x() + constrained.dx(),
        ee.y() + constrained.dy(),
        z,
        ee.yaw() + constrained.dYaw(),
        constrained.gripper());
  }

  /**
   * Renders the current camera frame.
   *
   * @param rgbOut {@code width * height * 3} bytes. Modified.
   */
  public void render(byte[] rgbOut) {
    renderer.render(world, rgbOut);
  }

  /**
   * Writes the proprio vector (see {@link #PROPRIO_NAMES}); gripper is the measured closure, 0 open
   * … 1 closed.
   *
   * @param out 7 floats. Modified.
   */
  public void proprio(float[] out) {
    ArmState state = world.arm().state();
    Pose ee = state.eePoseInBase();
    out[0] = (float) ee.x();
    out[1] = (float) ee.y();
    out[2] = (float) ee.z();
    out[3] = (float) ee.roll();
    out[4] = (float) ee.pitch();
    out[5] = (float) ee.yaw();
    out[6] = (float) Math.max(0, Math.min(1, 1 - world.fingerGap() / SimWorld.MAX_GAP_METRES));
  }

  /**
   * Writes the task state.
   *
   * @param out {@link TaskSpec#taskStateSize()} floats. Modified.
   */
  public void taskState(float[] out) {
    instance.taskState(world, out);
  }

  /** Whether the task's success criterion holds now. */
  public boolean success() {
    return instance.success(world);
  }

  /** The scripted expert for this episode (privileged state). */
  public Policy expert() {
    return instance.expert();
  }

  /** The current camera frame, rendered into a new RGB8 image. */
  public Image frame() {
    byte[] pixels = new byte[renderer.width() * renderer.height() * 3];
    render(pixels);
    return image(pixels);
  }

  /** An RGB8 image of this episode's frame size over {@code pixels} (not copied). */
  public Image image(byte[] pixels) {
    return new Image(renderer.width(), renderer.height(), PixelEncoding.RGB8, pixels);
  }

  /**
   * Euclidean distance of the current task state to the final goal's: the task's true state
   * distance.
   *
   * @param scratch {@link TaskSpec#taskStateSize()} floats. Modified.
   */
  public double distanceToGoal(float[] scratch) {
    taskState(scratch);
    double sum = 0;
    for (int i = 0; i < scratch.length; i++) {
      double d = scratch[i] - goal.taskState()[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** The goal image, RGB8. Shared: do not modify. */
  public byte[] goalFrame() {
    return goal.frame();
  }

  /** Simulator state of the goal. Shared: do not modify. */
  public float[] goalState() {
    return goal.state();
  }

  /** Proprio vector of the goal. Shared: do not modify. */
  public float[] goalProprio() {
    return goal.proprio();
  }

  /** Task state of the goal. Shared: do not modify. */
  public float[] goalTaskState() {
    return goal.taskState();
  }

  @Override
  public void close() {
    world.close();
  }
}
