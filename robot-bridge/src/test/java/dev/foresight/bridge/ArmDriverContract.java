package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.foresight.config.RobotProfile;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ArmDriver} contract, run against every implementation: a test class per driver extends
 * this one, opens the driver and says how time passes for its arm ({@link #settle}). The checks
 * follow the interface's javadoc: a finite state stamped with a monotonic time that is not in the
 * future; commands that move the arm toward the setpoint and are kept as copies; a {@code hold()}
 * that is idempotent and leaves the arm at rest (never continuing on the last velocity); a {@code
 * command} that returns while nothing consumes what it sends; an idempotent {@code close()}; and,
 * for drivers with a measured state, a stale state refused as {@link
 * ArmDriverException.Kind#STATE_STALE}.
 *
 * <p>Every setpoint the contract sends is what the agent could send: inside the profile's
 * workspace, at most half a tick's worth of its speed limit from the previous one, with the
 * orientation of the start pose, each carrying itself as the target of a new command.
 *
 * <p>The checks are public so that a subclass can override one with {@code @Disabled} naming a
 * known violation while its fix is pending; each such override is a bug to fix, not a waiver.
 */
public abstract class ArmDriverContract {
  /** The longest any wait for the arm may take before a check fails (generous: loaded machines). */
  protected static final Duration WAIT = Duration.ofSeconds(20);

  /** Position tolerance of an arm at rest, m (a simulated arm's float state). */
  private static final double AT_REST_M = 1e-4;

  private ArmDriver driver;
  private final Setpoint setpoint = new Setpoint();
  private long tickIndex;
  private long targetSequence;
  private Pose lastCommanded;

  /**
   * Opens a fresh driver whose arm rests at {@link #start()}; the contract closes it after each
   * check.
   */
  protected abstract ArmDriver open() throws Exception;

  /** Where the arm rests when {@link #open()} returns; called after it. */
  protected Pose start() {
    return TestSupport.START;
  }

  /** The robot profile whose limits the setpoints respect and the driver enforces. */
  protected RobotProfile profile() {
    return TestSupport.PROFILE;
  }

  /**
   * Lets the arm act for one control period on what was commanded so far (step a simulator, let a
   * peer apply the twists) and returns once {@link ArmDriver#state()} shows the result. The default
   * does nothing: the driver's state follows its commands at once.
   */
  protected void settle(ArmDriver driver) throws Exception {}

  /** Whether the arm's state follows the commands (true for every driver that moves an arm). */
  protected boolean moves() {
    return true;
  }

  /**
   * Stops whatever consumes what the driver sends (a peer that stops reading) until {@link
   * #resumeConsumer()}; the default does nothing, for drivers where nothing consumes anyway.
   */
  protected void stallConsumer() throws Exception {}

  /** Undoes {@link #stallConsumer()}. */
  protected void resumeConsumer() throws Exception {}

  /**
   * Makes the driver's measured state go stale from now on (silences its measured-pose topic).
   *
   * @return false (the default) when the driver has no measured state that can go stale
   */
  protected boolean silenceMeasuredState() throws Exception {
    return false;
  }

  /** The driver under test. */
  protected final ArmDriver driver() {
    return driver;
  }

  @BeforeEach
  final void openDriver() throws Exception {
    driver = open();
    lastCommanded = start();
  }

  @AfterEach
  final void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  public void nameIsShortAndNotBlank() {
    assertThat(driver.name()).isNotBlank().hasSizeLessThanOrEqualTo(40);
  }

  @Test
  public void stateIsFiniteAtTheStartAndStampedWithAMonotonicTimeNotInTheFuture() throws Exception {
    ArmState first = driver.state();
    long afterFirst = System.nanoTime();
    assertFinite(first);
    assertThat(first.timeNanos())
        .as("the state's stamp (System.nanoTime() of the measurement)")
        .isLessThanOrEqualTo(afterFirst)
        .isGreaterThan(afterFirst - WAIT.toNanos());
    assertThat(distance(first.eePoseInBase(), start())).isLessThan(AT_REST_M);
    settle(driver);
    ArmState second = driver.state();
    assertThat(second.timeNanos()).isGreaterThanOrEqualTo(first.timeNanos());
    assertThat(second.timeNanos()).isLessThanOrEqualTo(System.nanoTime());
    assertThat(driver.jointCount()).isNotNegative();
    if (driver.jointCount() > 0) {
      double[] positions = new double[driver.jointCount()];
      double[] velocities = new double[driver.jointCount()];
      driver.readJoints(positions, velocities);
      assertThat(Arrays.stream(positions).allMatch(Double::isFinite))
          .as("joint positions finite")
          .isTrue();
      assertThat(Arrays.stream(velocities).allMatch(Double::isFinite))
          .as("joint velocities finite")
          .isTrue();
    }
  }

  @Test
  public void commandMovesTheArmTowardTheSetpoint() throws Exception {
    assumeThat(moves()).as("the driver moves an arm").isTrue();
    Pose target = offset(start(), 0.010, -0.006, 0.004);
    moveTo(target);
    double startDistance = distance(start(), target);
    // The arm may lag (its own speed limit, a peer's delay): keep commanding the target a while.
    for (int i = 0;
        i < 200 && distance(driver.state().eePoseInBase(), target) >= 0.1 * startDistance;
        i++) {
      command(target);
      settle(driver);
    }
    assertThat(distance(driver.state().eePoseInBase(), target))
        .as("distance to the setpoint, started %.4f m away", startDistance)
        .isLessThan(0.1 * startDistance);
  }

  @Test
  public void keepsACopyOfTheSetpointItWasGiven() throws Exception {
    assumeThat(moves()).as("the driver moves an arm").isTrue();
    Pose commanded = offset(start(), 0.001, 0, 0);
    command(commanded);
    // The control loop reuses its setpoint: what the driver kept must not follow the change.
    TestSupport.setSetpoint(
        setpoint, tickIndex + 1, System.nanoTime(), offset(start(), 0.04, 0, 0), 1, 0);
    TestSupport.setTarget(setpoint, targetSequence + 1, offset(start(), 0.04, 0, 0), 1);
    for (int i = 0; i < 5; i++) {
      settle(driver);
    }
    assertThat(distance(driver.state().eePoseInBase(), commanded)).isLessThan(AT_REST_M);
  }

  @Test
  public void holdIsIdempotentAndTheArmStaysAtRestAfterIt() throws Exception {
    driver.hold();
    driver.hold();
    settle(driver);
    assertThat(distance(driver.state().eePoseInBase(), start()))
        .as("a fresh arm stays where it is when held")
        .isLessThan(AT_REST_M);
    if (!moves()) {
      return;
    }
    // Moving at 1 mm per tick; the last command is not settled before the hold.
    for (int k = 1; k <= 5; k++) {
      command(offset(start(), 0.001 * k, 0, 0));
      settle(driver);
    }
    Pose last = offset(start(), 0.006, 0, 0);
    command(last);
    driver.hold();
    driver.hold();
    settle(driver);
    ArmState rest = driver.state();
    assertThat(distance(rest.eePoseInBase(), last))
        .as("the arm comes to rest at the last setpoint, within one tick's step")
        .isLessThanOrEqualTo(maxStepPerTick() + AT_REST_M);
    for (int i = 0; i < 20; i++) {
      settle(driver);
    }
    assertThat(distance(driver.state().eePoseInBase(), rest.eePoseInBase()))
        .as("after hold() the arm stays at rest, 20 control periods later")
        .isLessThan(AT_REST_M);
    // A command after the hold moves the arm again.
    Pose resumed = offset(last, -0.001, 0, 0);
    command(resumed);
    settle(driver);
    assertThat(distance(driver.state().eePoseInBase(), resumed)).isLessThan(AT_REST_M);
  }

  @Test
  public void commandReturnsWhileNothingConsumesWhatItSends() throws Exception {
    int commands = 5_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Pose rest = start();
    stallConsumer();
    Thread controlLoop =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < commands; i++) {
                  command(rest);
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "contract-control-loop");
    try {
      controlLoop.start();
      controlLoop.join(WAIT.toMillis() * 3);
    } finally {
      resumeConsumer();
    }
    assertThat(controlLoop.isAlive())
        .as("%d commands returned while nothing consumed them", commands)
        .isFalse();
    assertThat(failure.get()).isNull();
  }

  @Test
  public void closeIsIdempotent() {
    assertThatCode(
            () -> {
              driver.close();
              driver.close();
            })
        .doesNotThrowAnyException();
  }

  @Test
  public void aStaleMeasuredStateIsRefusedAsStateStale() throws Exception {
    command(start());
    assumeThat(silenceMeasuredState()).as("the driver has a measured state").isTrue();
    AtomicReference<RuntimeException> refusal = new AtomicReference<>();
    boolean refused =
        TestSupport.await(
            WAIT,
            () -> {
              try {
                command(start());
                return false;
              } catch (RuntimeException e) {
                refusal.set(e);
                return true;
              }
            });
    assertThat(refused).as("a command on a silent measured state is refused").isTrue();
    assertThat(refusal.get()).isInstanceOf(ArmDriverException.class);
    ArmDriverException stale = (ArmDriverException) refusal.get();
    assertThat(stale.kind()).isEqualTo(ArmDriverException.Kind.STATE_STALE);
    assertThat(stale.getMessage()).contains("expected");
    // The agent holds the arm after a refusal: hold() must still work.
    assertThatCode(driver::hold).doesNotThrowAnyException();
  }

  /**
   * Commands one setpoint that is its own target, as a client sending a new target every tick
   * would.
   */
  protected final void command(Pose eePoseInBase) {
    double speed = distance(lastCommanded, eePoseInBase) * profile().controlRateHz();
    tickIndex++;
    targetSequence++;
    TestSupport.setSetpoint(setpoint, tickIndex, System.nanoTime(), eePoseInBase, 0, speed);
    TestSupport.setTarget(setpoint, targetSequence, eePoseInBase, 0);
    driver.command(setpoint);
    lastCommanded = eePoseInBase;
  }

  /** Commands the way from the last setpoint to {@code target} in steps of 1 mm, settling each. */
  private void moveTo(Pose target) throws Exception {
    Pose from = lastCommanded;
    int steps = (int) Math.ceil(distance(from, target) / 0.001);
    for (int k = 1; k <= steps; k++) {
      double t = (double) k / steps;
      command(
          offset(
              from,
              t * (target.x() - from.x()),
              t * (target.y() - from.y()),
              t * (target.z() - from.z())));
      settle(driver);
    }
  }

  private double maxStepPerTick() {
    return profile().effectiveSpeedLimitMps() / profile().controlRateHz();
  }

  private static Pose offset(Pose pose, double dx, double dy, double dz) {
    return new Pose(
        pose.x() + dx, pose.y() + dy, pose.z() + dz, pose.roll(), pose.pitch(), pose.yaw());
  }

  /** Distance between two positions, m. */
  protected static double distance(Pose a, Pose b) {
    double dx = a.x() - b.x();
    double dy = a.y() - b.y();
    double dz = a.z() - b.z();
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  private static void assertFinite(ArmState state) {
    Pose pose = state.eePoseInBase();
    double[] values = {
      pose.x(), pose.y(), pose.z(), pose.roll(), pose.pitch(), pose.yaw(), state.gripper()
    };
    assertThat(Arrays.stream(values).allMatch(Double::isFinite)).as("%s is finite", state).isTrue();
  }
}
