package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.MessageType;
import dev.foresight.ros.msg.MessageTypes;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Republishes every message of 'in' on 'out'. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = "Republish topic 'in' on topic 'out' (remap both: in:=/a out:=/b).")
final class RelayNodeCommand extends RosNodeRunner {
  @Option(names = "--type", required = true, description = "Message type, e.g. sensor_msgs/Image.")
  String typeName;

  @Override
  String defaultName() {
    return "foresight_relay";
  }

  @Override
  NodeCommand.Running start(NodeTransport node, RosSettings ros, PrintWriter out) {
    MessageType<?> type =
        MessageTypes.byName(typeName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--type "
                            + typeName
                            + " is not supported, expected one of "
                            + MessageTypes.ALL.stream().map(MessageType::typeName).toList()));
    relay(node, type);
    out.printf(
        "foresight node relay: %s relays %s -> %s (%s)%n",
        node.name(), node.resolve("in"), node.resolve("out"), typeName);
    return () -> {};
  }

  /** Images as sensor data (best effort on ROS 2), everything else reliable. */
  private static <T> void relay(NodeTransport node, MessageType<T> type) {
    NodeTransport.Delivery delivery =
        type.typeName().equals(ImageMessage.TYPE.typeName())
            ? NodeTransport.Delivery.SENSOR_DATA
            : NodeTransport.Delivery.RELIABLE;
    NodeTransport.Outlet<T> publisher = node.advertise(Topic.of("out", type), delivery, 10);
    node.subscribe(Topic.of("in", type), delivery, publisher::publish);
  }
}
