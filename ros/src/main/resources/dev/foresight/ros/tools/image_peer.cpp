// roscpp peer for `foresight bench ros`: the roscpp->roscpp baseline.
//   image_peer pub TOPIC SECONDS RATE_HZ     publish 640x480 rgb8 images stamped now (0 Hz: max)
//   image_peer sub TOPIC SECONDS OUTFILE     skip 1 s after the first image, measure SECONDS; JSON
// Build: g++ -O2 image_peer.cpp $(pkg-config --cflags --libs roscpp sensor_msgs) -o image_peer
#include <ros/ros.h>
#include <sensor_msgs/Image.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {
std::vector<double> latencies;
double first_time = -1;
double window_seconds = 0;
double bytes = 0;

void on_image(const sensor_msgs::Image::ConstPtr& image) {
  double now = ros::WallTime::now().toSec();
  if (first_time < 0) first_time = now + 1.0;  // 1 s warm-up, then the window
  if (now >= first_time && now - first_time <= window_seconds) {
    latencies.push_back(now - image->header.stamp.toSec());
    bytes += image->data.size();
  }
}

double percentile(double p) {
  if (latencies.empty()) return -1;
  size_t index = std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()));
  return latencies[index] * 1000.0;
}
}  // namespace

int main(int argc, char** argv) {
  ros::init(argc, argv, "image_peer", ros::init_options::AnonymousName);
  if (argc < 5) {
    std::fprintf(stderr, "usage: image_peer pub|sub TOPIC SECONDS RATE_HZ|OUTFILE\n");
    return 2;
  }
  std::string mode = argv[1];
  std::string topic = argv[2];
  double seconds = std::atof(argv[3]);
  ros::NodeHandle node;
  if (mode == "pub") {
    double rate = std::atof(argv[4]);
    ros::Publisher publisher = node.advertise<sensor_msgs::Image>(topic, 2);
    sensor_msgs::Image image;
    image.height = 480;
    image.width = 640;
    image.encoding = "rgb8";
    image.step = 640 * 3;
    image.data.resize(640 * 480 * 3);
    ros::WallTime deadline = ros::WallTime::now() + ros::WallDuration(20.0);
    while (publisher.getNumSubscribers() == 0 && ros::WallTime::now() < deadline) {
      ros::WallDuration(0.01).sleep();
    }
    ros::WallDuration(0.3).sleep();
    ros::WallTime end = ros::WallTime::now() + ros::WallDuration(seconds);
    ros::WallTime next = ros::WallTime::now();
    uint32_t seq = 0;
    while (ros::ok() && ros::WallTime::now() < end) {
      image.header.seq = seq++;
      ros::WallTime now = ros::WallTime::now();
      image.header.stamp = ros::Time(now.sec, now.nsec);
      publisher.publish(image);
      if (rate > 0) {
        next += ros::WallDuration(1.0 / rate);
        ros::WallDuration wait = next - ros::WallTime::now();
        if (wait > ros::WallDuration(0)) wait.sleep();
      }
    }
    std::printf("published %u\n", seq);
    return 0;
  }
  window_seconds = seconds;
  std::string outfile = argv[4];
  latencies.reserve(200000);
  ros::Subscriber subscriber =
      node.subscribe(topic, 2, on_image, ros::TransportHints().tcpNoDelay());
  ros::WallTime deadline = ros::WallTime::now() + ros::WallDuration(seconds + 30);
  ros::WallTimer stopper = node.createWallTimer(ros::WallDuration(0.05), [&](const ros::WallTimerEvent&) {
    bool window_over = first_time >= 0 && ros::WallTime::now().toSec() - first_time > seconds + 0.2;
    if (window_over || ros::WallTime::now() > deadline) ros::shutdown();
  });
  ros::spin();
  std::sort(latencies.begin(), latencies.end());
  std::string temporary = outfile + ".tmp";
  FILE* out = std::fopen(temporary.c_str(), "w");
  if (out == nullptr) return 1;
  std::fprintf(out,
               "{\"count\": %zu, \"seconds\": %f, \"bytes\": %f, \"p50_ms\": %f, \"p99_ms\": %f}\n",
               latencies.size(), seconds, bytes, percentile(0.5), percentile(0.99));
  std::fclose(out);
  return std::rename(temporary.c_str(), outfile.c_str()) == 0 ? 0 : 1;
}
