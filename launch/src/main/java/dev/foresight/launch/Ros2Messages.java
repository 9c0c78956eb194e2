package dev.foresight.launch;

import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.Float32Message;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.MessageType;
import dev.foresight.ros.msg.MultiArrayDimension;
import dev.foresight.ros.msg.MultiArrayLayout;
import dev.foresight.ros.msg.Point;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.RosTime;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import dev.foresight.ros2.msg.Float32;
import dev.foresight.ros2.msg.Image;
import dev.foresight.ros2.msg.Ros2MessageType;
import dev.foresight.ros2.msg.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ROS 2 counterpart of each ROS 1 message type the nodes use, and the conversions both ways.
 * ROS 2 headers have no sequence number: a converted header carries none out, and 0 in.
 */
final class Ros2Messages {
  /**
   * A ROS 1 type's ROS 2 counterpart.
   *
   * @param <T> ROS 1 record type
   * @param <U> ROS 2 record type
   */
  record Mapping<T, U>(Ros2MessageType<U> type, Function<T, U> toRos2, Function<U, T> fromRos2) {}

  private static final Map<String, Mapping<?, ?>> MAPPINGS =
      Map.of(
          ImageMessage.TYPE.typeName(),
          new Mapping<ImageMessage, Image>(
              Image.TYPE, Ros2Messages::toRos2, Ros2Messages::fromRos2),
          Float32MultiArray.TYPE.typeName(),
          new Mapping<Float32MultiArray, dev.foresight.ros2.msg.Float32MultiArray>(
              dev.foresight.ros2.msg.Float32MultiArray.TYPE,
              Ros2Messages::toRos2,
              Ros2Messages::fromRos2),
          Float32Message.TYPE.typeName(),
          new Mapping<Float32Message, Float32>(
              Float32.TYPE, m -> new Float32(m.data()), m -> new Float32Message(m.data())),
          PoseStamped.TYPE.typeName(),
          new Mapping<PoseStamped, dev.foresight.ros2.msg.PoseStamped>(
              dev.foresight.ros2.msg.PoseStamped.TYPE,
              Ros2Messages::toRos2,
              Ros2Messages::fromRos2),
          JointState.TYPE.typeName(),
          new Mapping<JointState, dev.foresight.ros2.msg.JointState>(
              dev.foresight.ros2.msg.JointState.TYPE,
              m ->
                  new dev.foresight.ros2.msg.JointState(
                      toRos2(m.header()), m.name(), m.position(), m.velocity(), m.effort()),
              m ->
                  new JointState(
                      fromRos2(m.header()), m.name(), m.position(), m.velocity(), m.effort())),
          TwistStamped.TYPE.typeName(),
          new Mapping<TwistStamped, dev.foresight.ros2.msg.TwistStamped>(
              dev.foresight.ros2.msg.TwistStamped.TYPE,
              Ros2Messages::toRos2,
              Ros2Messages::fromRos2),
          CompressedImage.TYPE.typeName(),
          new Mapping<CompressedImage, dev.foresight.ros2.msg.CompressedImage>(
              dev.foresight.ros2.msg.CompressedImage.TYPE,
              m ->
                  new dev.foresight.ros2.msg.CompressedImage(
                      toRos2(m.header()), m.format(), m.data()),
              m -> new CompressedImage(fromRos2(m.header()), m.format(), m.data())),
          StringMessage.TYPE.typeName(),
          new Mapping<StringMessage, dev.foresight.ros2.msg.StringMessage>(
              dev.foresight.ros2.msg.StringMessage.TYPE,
              m -> new dev.foresight.ros2.msg.StringMessage(m.data()),
              m -> new StringMessage(m.data())));

  private Ros2Messages() {}

  /** The ROS 2 types Foresight's nodes can carry, each once. */
  static java.util.List<Ros2MessageType<?>> ros2Types() {
    return MAPPINGS.values().stream().<Ros2MessageType<?>>map(Mapping::type).toList();
  }

  /**
   * The ROS 2 counterpart of {@code type}.
   *
   * @throws IllegalArgumentException naming the type when it has none
   */
  @SuppressWarnings("unchecked")
  static <T, U> Mapping<T, U> of(MessageType<T> type) {
    Mapping<?, ?> mapping = MAPPINGS.get(type.typeName());
    if (mapping == null) {
      throw new IllegalArgumentException(
          "message type "
              + type.typeName()
              + " has no ROS 2 counterpart here, expected one of "
              + new java.util.TreeSet<>(MAPPINGS.keySet()));
    }
    return (Mapping<T, U>) mapping;
  }

  static dev.foresight.ros2.msg.Header toRos2(Header header) {
    return new dev.foresight.ros2.msg.Header(
        new Time(header.stamp().secs(), header.stamp().nsecs()), header.frameId());
  }

  static Header fromRos2(dev.foresight.ros2.msg.Header header) {
    return new Header(
        0, new RosTime(header.stamp().sec(), header.stamp().nanosec()), header.frameId());
  }

  static Image toRos2(ImageMessage m) {
    return new Image(
        toRos2(m.header()),
        m.height(),
        m.width(),
        m.encoding(),
        m.isBigendian(),
        m.step(),
        m.data());
  }

  static ImageMessage fromRos2(Image m) {
    return new ImageMessage(
        fromRos2(m.header()),
        m.height(),
        m.width(),
        m.encoding(),
        m.isBigendian(),
        m.step(),
        m.data());
  }

  static dev.foresight.ros2.msg.Float32MultiArray toRos2(Float32MultiArray m) {
    List<dev.foresight.ros2.msg.MultiArrayDimension> dimensions = new ArrayList<>();
    for (MultiArrayDimension d : m.layout().dim()) {
      dimensions.add(
          new dev.foresight.ros2.msg.MultiArrayDimension(d.label(), d.size(), d.stride()));
    }
    return new dev.foresight.ros2.msg.Float32MultiArray(
        dimensions, m.layout().dataOffset(), m.data());
  }

  static Float32MultiArray fromRos2(dev.foresight.ros2.msg.Float32MultiArray m) {
    List<MultiArrayDimension> dimensions = new ArrayList<>();
    for (var d : m.dimensions()) {
      dimensions.add(new MultiArrayDimension(d.label(), d.size(), d.stride()));
    }
    return new Float32MultiArray(new MultiArrayLayout(dimensions, m.dataOffset()), m.data());
  }

  static dev.foresight.ros2.msg.PoseStamped toRos2(PoseStamped m) {
    Point p = m.pose().position();
    Quaternion q = m.pose().orientation();
    return new dev.foresight.ros2.msg.PoseStamped(
        toRos2(m.header()),
        new dev.foresight.ros2.msg.Point(p.x(), p.y(), p.z()),
        new dev.foresight.ros2.msg.Quaternion(q.x(), q.y(), q.z(), q.w()));
  }

  static PoseStamped fromRos2(dev.foresight.ros2.msg.PoseStamped m) {
    var p = m.position();
    var q = m.orientation();
    return new PoseStamped(
        fromRos2(m.header()),
        new PoseMessage(
            new Point(p.x(), p.y(), p.z()), new Quaternion(q.x(), q.y(), q.z(), q.w())));
  }

  static dev.foresight.ros2.msg.TwistStamped toRos2(TwistStamped m) {
    Vector3 l = m.twist().linear();
    Vector3 a = m.twist().angular();
    return new dev.foresight.ros2.msg.TwistStamped(
        toRos2(m.header()),
        new dev.foresight.ros2.msg.Vector3(l.x(), l.y(), l.z()),
        new dev.foresight.ros2.msg.Vector3(a.x(), a.y(), a.z()));
  }

  static TwistStamped fromRos2(dev.foresight.ros2.msg.TwistStamped m) {
    var l = m.linear();
    var a = m.angular();
    return new TwistStamped(
        fromRos2(m.header()),
        new Twist(new Vector3(l.x(), l.y(), l.z()), new Vector3(a.x(), a.y(), a.z())));
  }
}
