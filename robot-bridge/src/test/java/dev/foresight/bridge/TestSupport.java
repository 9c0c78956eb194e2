package dev.foresight.bridge;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * Shared fixtures of the bridge tests, published in the test-jar to modules whose tests drive
 * bridge types (the ROS arm drivers, the simulated arm).
 */
public final class TestSupport {
  /** A 250 Hz arm with a 100 ms watchdog and the default tabletop workspace. */
  public static final RobotProfile PROFILE =
      new RobotProfile(
          "test-arm",
          new Box(0.2, -0.4, 0.0, 0.8, 0.4, 0.5),
          0.5,
          0.05,
          0.2,
          0.0,
          1.0,
          250,
          Duration.ofMillis(100),
          false);

  /** Where the test arm starts. */
  public static final Pose START = new Pose(0.5, 0.0, 0.2, 0, 0, 0);

  private TestSupport() {}

  /** A length-prefixed frame holding {@code envelope}. */
  static ByteBuf frame(Envelope envelope) {
    byte[] body = envelope.toByteArray();
    ByteBuf buf = Unpooled.buffer(4 + body.length);
    buf.writeInt(body.length);
    buf.writeBytes(body);
    return buf;
  }

  /** The bytes of a length-prefixed frame holding {@code envelope}, for raw sockets. */
  static byte[] frameBytes(Envelope envelope) {
    ByteBuf frame = frame(envelope);
    byte[] out = new byte[frame.readableBytes()];
    frame.readBytes(out);
    frame.release();
    return out;
  }

  /** {@link #PROFILE} with another watchdog timeout. */
  static RobotProfile withWatchdog(Duration watchdog) {
    RobotProfile p = PROFILE;
    return new RobotProfile(
        p.robotId(),
        p.workspaceInBase(),
        p.maxEeSpeedMps(),
        p.maxStepM(),
        p.maxRotationStepRad(),
        p.gripperMin(),
        p.gripperMax(),
        p.controlRateHz(),
        watchdog,
        p.collaborative());
  }

  /** Every envelope the channel wrote so far, decoded with the bridge's own framing. */
  static List<Envelope> outbound(EmbeddedChannel channel) {
    EmbeddedChannel decoder = new EmbeddedChannel();
    decoder.pipeline().addLast(BridgeCodec.newFrameDecoder(), new BridgeCodec.EnvelopeDecoder());
    for (Object message = channel.readOutbound();
        message != null;
        message = channel.readOutbound()) {
      decoder.writeInbound(message);
    }
    List<Envelope> result = new ArrayList<>();
    for (Object message = decoder.readInbound(); message != null; message = decoder.readInbound()) {
      result.add((Envelope) message);
    }
    decoder.finishAndReleaseAll();
    return result;
  }

  /** Polls {@code condition} every 5 ms until it holds or {@code timeout} passes. */
  public static boolean await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }

  /**
   * Sets every field of a setpoint, as the control loop does each tick.
   *
   * @param setpoint the setpoint. Modified.
   * @param eePoseInBase where the end effector should be at this tick
   * @param gripper gripper setpoint, 0 = open … 1 = closed
   * @param linearSpeedMps speed from the previous setpoint, m/s
   */
  public static void setSetpoint(
      Setpoint setpoint,
      long tickIndex,
      long timeNanos,
      Pose eePoseInBase,
      double gripper,
      double linearSpeedMps) {
    setpoint.set(
        tickIndex,
        timeNanos,
        eePoseInBase.x(),
        eePoseInBase.y(),
        eePoseInBase.z(),
        eePoseInBase.roll(),
        eePoseInBase.pitch(),
        eePoseInBase.yaw(),
        gripper,
        linearSpeedMps);
  }

  /**
   * Sets the target the loop is interpolating towards and the sequence of the command that set it.
   *
   * @param setpoint the setpoint. Modified.
   * @param targetInBase the filtered target pose
   * @param gripper the target's gripper value
   */
  public static void setTarget(
      Setpoint setpoint, long targetSequence, Pose targetInBase, double gripper) {
    setpoint.setTarget(
        targetSequence,
        new double[] {
          targetInBase.x(),
          targetInBase.y(),
          targetInBase.z(),
          targetInBase.roll(),
          targetInBase.pitch(),
          targetInBase.yaw(),
          gripper
        });
  }

  /** Captures what a class logs, until closed. */
  static final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> type) {
      logger = (Logger) LoggerFactory.getLogger(type);
      appender.start();
      logger.addAppender(appender);
    }

    List<String> messages() {
      synchronized (appender.list) {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      }
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
    }
  }
}
