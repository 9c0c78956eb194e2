package dev.foresight.launch;

import dev.foresight.config.ModelSettings;
import dev.foresight.config.RosSettings;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.Pose;
import dev.foresight.core.WorldModel;
import dev.foresight.perception.FrameRejectedException;
import dev.foresight.perception.Goal;
import dev.foresight.perception.Perception;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Float32Message;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.io.PrintWriter;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code foresight node perception}: camera and goal frames go into latest-value slots
 * on the ROS I/O thread; one worker thread owns the world model, encodes the newest frame of each
 * slot (older ones are dropped, so latency never builds up) and publishes the latents.
 */
final class PerceptionNode implements NodeCommand.Running {
  private static final Logger LOG = LoggerFactory.getLogger(PerceptionNode.class);

  /** Name of the gripper joint in {@code sensor_msgs/JointState} messages. */
  static final String GRIPPER_JOINT = "gripper";

  private record Frame(ImageMessage message, long receivedNanos) {}

  private final WorldModel model;
  private final Perception perception;
  private final String imageTopic;
  private final String goalTopic;
  private final String poseTopic;
  private final NodeTransport.Outlet<Float32MultiArray> latents;
  private final NodeTransport.Outlet<Float32MultiArray> goalLatents;
  private final NodeTransport.Outlet<Float32Message> latency;
  private final AtomicReference<Frame> latest = new AtomicReference<>();
  private final AtomicReference<Frame> goal = new AtomicReference<>();
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong encoded = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final float[] latent;
  private final Thread worker;
  private volatile PoseStamped eePose;
  private volatile double gripper;
  private volatile boolean running = true;
  private boolean warnedNoPose;

  private PerceptionNode(NodeTransport node, RosSettings ros, WorldModel model) {
    this.model = model;
    this.perception = Perception.of(model);
    this.latent = new float[model.latentSize()];
    imageTopic = node.local("image", ros.cameraTopic());
    goalTopic = node.local("goal_image", ros.goalImageTopic());
    poseTopic = node.local("ee_pose", ros.eePoseTopic());
    latents =
        node.advertise(
            Topic.of(node.local("latent", ros.latentTopic()), Float32MultiArray.TYPE),
            NodeTransport.Delivery.RELIABLE,
            4);
    goalLatents =
        node.advertise(
            Topic.of(node.local("goal_latent", goalLatentTopic(ros)), Float32MultiArray.TYPE),
            NodeTransport.Delivery.LATCHED,
            1);
    latency =
        node.advertise(
            Topic.of("~latency_ms", Float32Message.TYPE), NodeTransport.Delivery.RELIABLE, 4);
    node.subscribe(
        Topic.of(poseTopic, PoseStamped.TYPE),
        NodeTransport.Delivery.RELIABLE,
        pose -> eePose = pose);
    node.subscribe(
        Topic.of(node.local("joint_states", ros.jointStateTopic()), JointState.TYPE),
        NodeTransport.Delivery.RELIABLE,
        joints -> {
          for (int i = 0; i < joints.name().length && i < joints.position().length; i++) {
            if (joints.name()[i].equals(GRIPPER_JOINT)) {
              gripper = joints.position()[i];
            }
          }
        });
    worker = new Thread(this::work, "perception-" + node.name());
    worker.setDaemon(true);
    worker.start();
    node.subscribe(
        Topic.of(imageTopic, ImageMessage.TYPE),
        NodeTransport.Delivery.SENSOR_DATA,
        image -> offer(latest, image));
    node.subscribe(
        Topic.of(goalTopic, ImageMessage.TYPE),
        NodeTransport.Delivery.LATCHED,
        image -> offer(goal, image));
  }

  /** Starts the node's subscribers, publishers and encoder thread on a ROS 1 node. */
  static PerceptionNode start(
      RosNode node, RosSettings ros, ModelSettings modelSettings, int threads, PrintWriter out)
      throws Exception {
    return start(new Ros1Transport(node, false), ros, modelSettings, threads, out);
  }

  /** Starts the node's subscribers, publishers and encoder thread. */
  static PerceptionNode start(
      NodeTransport node,
      RosSettings ros,
      ModelSettings modelSettings,
      int threads,
      PrintWriter out)
      throws Exception {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException(
          "--threads " + threads + " is out of range, expected 1..64");
    }
    LearnedWorldModel model =
        WorldModels.open(modelSettings.bundle(), modelSettings.engine(), threads);
    PerceptionNode perception = new PerceptionNode(node, ros, model);
    out.printf(
        "foresight node perception: %s encodes %s -> %s and %s -> %s (%s on %s, %d floats, %s)%n",
        node.name(),
        node.resolve(perception.imageTopic),
        perception.latents.topicName(),
        node.resolve(perception.goalTopic),
        perception.goalLatents.topicName(),
        modelSettings.bundle(),
        model.engineName(),
        model.latentSize(),
        node.rosVersion());
    out.flush();
    return perception;
  }

  /**
   * The layout label of a goal latent, which tells the planner node what the goal-proprio rule
   * knows of the goal ({@link Goal#proprioWeight(Goal.Known)}): {@code goal_latent} for a picture
   * only, {@code goal_latent_position} or {@code goal_latent_proprio} when more is known.
   */
  static String goalLabel(Goal.Known known) {
    return switch (known) {
      case NOTHING -> "goal_latent";
      case POSITION -> "goal_latent_position";
      case PROPRIO -> "goal_latent_proprio";
    };
  }

  /** What a goal latent's label says is known of the goal (nothing for an unknown label). */
  static Goal.Known goalKnown(String label) {
    for (Goal.Known known : Goal.Known.values()) {
      if (goalLabel(known).equals(label)) {
        return known;
      }
    }
    return Goal.Known.NOTHING;
  }

  /** The goal-latent topic when not remapped: the latent topic with {@code _goal} appended. */
  static String goalLatentTopic(RosSettings ros) {
    return ros.latentTopic() + "_goal";
  }

  /**
   * A node-local topic name: {@code name} when a remapping names it (so {@code image:=/x} works as
   * ROS users expect), otherwise the configured topic.
   */
  static String local(RosNode node, String name, String configured) {
    return node.names().isRemapped(name) ? name : configured;
  }

  private void offer(AtomicReference<Frame> slot, ImageMessage image) {
    if (slot.getAndSet(new Frame(image, System.nanoTime())) != null) {
      dropped.incrementAndGet();
    }
    wake.release();
  }

  private void work() {
    while (running) {
      try {
        if (!wake.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        wake.drainPermits();
        Frame goalFrame = goal.getAndSet(null);
        if (goalFrame != null && encode(goalFrame, goalTopic, true)) {
          goalLatents.publish(
              Float32MultiArray.vector(goalLabel(Goal.Known.NOTHING), latent.clone()));
        }
        Frame frame = latest.getAndSet(null);
        if (frame != null && encode(frame, imageTopic, false)) {
          latents.publish(Float32MultiArray.vector("latent", latent.clone()));
          latency.publish(new Float32Message((System.nanoTime() - frame.receivedNanos()) / 1e6f));
          encoded.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Encodes a frame into {@link #latent}, a goal picture by the goal-proprio rule (only the picture
   * is known: the planner then ignores the latent's proprio); false (logged in one line) for a
   * frame it rejects.
   */
  private boolean encode(Frame frame, String topic, boolean goalPicture) {
    ImageMessage m = frame.message();
    try {
      Image image = RosFrames.image(m);
      if (goalPicture) {
        perception.encodeGoal(Goal.imageOnly(image), armState(), latent);
      } else {
        perception.encode(new Observation(image, armState()), latent);
      }
      return true;
    } catch (FrameRejectedException e) {
      rejected.incrementAndGet();
      LOG.warn("{} frame seq {} rejected: {}", topic, m.header().seq(), e.getMessage());
    } catch (RuntimeException e) {
      rejected.incrementAndGet();
      LOG.warn("{} frame seq {} could not be encoded: {}", topic, m.header().seq(), e.toString());
    }
    return false;
  }

  private ArmState armState() {
    PoseStamped pose = eePose;
    if (pose == null) {
      if (!warnedNoPose) {
        warnedNoPose = true;
        LOG.warn(
            "no end-effector pose on {} yet: encoding with zero proprio until one arrives",
            poseTopic);
      }
      return new ArmState(0, new Pose(0, 0, 0, 0, 0, 0), gripper);
    }
    if (warnedNoPose) {
      warnedNoPose = false;
      LOG.info("end-effector pose received on {}: proprio is live", poseTopic);
    }
    var p = pose.pose().position();
    double[] rpy = pose.pose().orientation().toRollPitchYaw();
    return new ArmState(0, new Pose(p.x(), p.y(), p.z(), rpy[0], rpy[1], rpy[2]), gripper);
  }

  /** Frames rejected so far (bad size or encoding, or the encoder failed). */
  long rejectedFrames() {
    return rejected.get();
  }

  /** Frames encoded and published so far. */
  long encodedFrames() {
    return encoded.get();
  }

  @Override
  public void close() {
    running = false;
    try {
      worker.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info(
        "perception: {} frames encoded, {} dropped for newer ones, {} rejected",
        encoded.get(),
        dropped.get(),
        rejected.get());
    model.close();
  }
}
