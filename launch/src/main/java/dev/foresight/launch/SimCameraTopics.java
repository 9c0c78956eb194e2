package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.core.Image;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.sim.loop.HostedEpisode;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A hosted episode's camera and arm state on ROS, as a real arm's camera and agent node publish
 * them: every rendered frame goes out on {@code image} ({@code sensor_msgs/Image}, latched, header
 * seq = physics step) right after the arm state it shows ({@link ArmStateTopics}). While the world
 * waits for a command, the newest frame and state go out again every {@link #IDLE_REPEAT}, as a
 * camera keeps streaming a still scene: a subscriber that connected late (a perception node, and
 * the planner node behind it) still gets a frame to act on.
 */
final class SimCameraTopics implements AutoCloseable {
  /** How long the world may stand still before its frame is published again. */
  static final Duration IDLE_REPEAT = Duration.ofMillis(500);

  private final HostedEpisode hosted;
  private final NodeTransport.Outlet<ImageMessage> camera;
  private final ArmStateTopics armState;
  private final double[] joints;
  private final ScheduledExecutorService repeater;
  private int lastStep;
  private Image lastFrame;
  private long lastPublishedNanos;

  SimCameraTopics(NodeTransport node, RosSettings ros, HostedEpisode hosted) {
    this.hosted = hosted;
    this.camera =
        node.advertise(
            Topic.of(node.local("image", ros.cameraTopic()), ImageMessage.TYPE),
            NodeTransport.Delivery.SENSOR_DATA_LATCHED,
            2);
    this.armState = new ArmStateTopics(node, ros, hosted.driver().jointCount(), "base_link");
    this.joints = new double[hosted.driver().jointCount()];
    hosted.addFrameListener(this::publish);
    this.repeater =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sim-camera-" + node.name());
              thread.setDaemon(true);
              return thread;
            });
    long periodMillis = IDLE_REPEAT.toMillis() / 2;
    repeater.scheduleWithFixedDelay(
        this::repeatIfIdle, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** The topics, for the start-up line: camera, joint states and pose. */
  String description() {
    return camera.topicName()
        + ", arm state on "
        + armState.jointTopic()
        + " and "
        + armState.poseTopic();
  }

  private synchronized void publish(int step, Image frame) {
    lastStep = step;
    lastFrame = frame;
    lastPublishedNanos = System.nanoTime();
    armState.publish(hosted.driver().state(), joints, joints);
    camera.publish(
        ImageMessage.fromImage(
            Header.of(step, System.currentTimeMillis() * 1_000_000L, "camera"), frame));
  }

  private synchronized void repeatIfIdle() {
    if (lastFrame != null && System.nanoTime() - lastPublishedNanos >= IDLE_REPEAT.toNanos()) {
      publish(lastStep, lastFrame);
    }
  }

  @Override
  public void close() {
    repeater.shutdownNow();
  }
}
