package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A test-pattern camera: publishes moving-gradient rgb8 images. */
@Command(
    name = "camera",
    mixinStandardHelpOptions = true,
    description = {
      "Publish a test-pattern camera as sensor_msgs/Image on 'image'",
      "(default: the config's ros.cameraTopic; remap with image:=/other)."
    })
final class CameraNodeCommand extends RosNodeRunner {
  @Option(names = "--rate", description = "Frames per second (default ${DEFAULT-VALUE}).")
  double rateHz = 10;

  @Option(names = "--width", description = "Pixels per row (default ${DEFAULT-VALUE}).")
  int width = 640;

  @Option(names = "--height", description = "Rows (default ${DEFAULT-VALUE}).")
  int height = 480;

  @Option(
      names = "--frame-id",
      description = "Optical frame of the images (default ${DEFAULT-VALUE}).")
  String frameId = "camera_optical";

  @Override
  String defaultName() {
    return "foresight_camera";
  }

  @Override
  NodeCommand.Running start(NodeTransport node, RosSettings ros, PrintWriter out) {
    if (!(rateHz > 0 && rateHz <= 1000)) {
      throw new IllegalArgumentException(
          "--rate " + rateHz + " is out of range, expected (0, 1000] Hz");
    }
    if (width <= 0 || height <= 0 || (long) width * height > 16_000_000L) {
      throw new IllegalArgumentException(
          "--width/--height " + width + "x" + height + " out of range, expected 1..16 megapixels");
    }
    // The topic is called 'image' inside the node, so 'image:=/x' remaps it as ROS users expect;
    // without a remapping it is the configured camera topic.
    String topicName = node.local("image", ros.cameraTopic());
    NodeTransport.Outlet<ImageMessage> publisher =
        node.advertise(
            Topic.of(topicName, ImageMessage.TYPE), NodeTransport.Delivery.SENSOR_DATA, 2);
    byte[] pixels = new byte[width * height * 3];
    Image image = new Image(width, height, PixelEncoding.RGB8, pixels);
    AtomicInteger sequence = new AtomicInteger();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "camera-" + node.name()));
    timer.scheduleAtFixedRate(
        () -> {
          int seq = sequence.getAndIncrement();
          paint(pixels, width, height, seq);
          publisher.publish(
              ImageMessage.fromImage(
                  Header.of(seq, System.currentTimeMillis() * 1_000_000L, frameId), image));
        },
        0,
        Math.max(1, Math.round(1e6 / rateHz)),
        TimeUnit.MICROSECONDS);
    out.printf(
        "foresight node camera: %s publishing %s (%dx%d rgb8) at %.1f Hz%n",
        node.name(), publisher.topicName(), width, height, rateHz);
    return () -> {
      timer.shutdownNow();
      try {
        timer.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** A diagonal gradient that moves one pixel per frame; red marks the frame number. */
  static void paint(byte[] pixels, int width, int height, int frame) {
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[i++] = (byte) frame;
        pixels[i++] = (byte) (x + y + frame);
        pixels[i++] = (byte) (y * 255 / Math.max(1, height - 1));
      }
    }
  }
}
