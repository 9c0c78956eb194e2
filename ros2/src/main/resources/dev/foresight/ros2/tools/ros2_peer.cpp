// A small C++ Fast-DDS peer that speaks ROS 2's wire conventions (rt/ topic names, the
// pkg::msg::dds_::Type_ type names and plain CDR from ros2_msgs.idl), used by Foresight's interop
// tests and `foresight bench ros2`. Built by the tests with fastddsgen and g++ against Debian's
// libfastrtps. Each mode prints one line per event on stdout and exits on its own.
//
//   pub-image   DOMAIN TOPIC WIDTH HEIGHT COUNT RATE_HZ reliable|best_effort
//   sub-twist   DOMAIN TOPIC COUNT TIMEOUT_S
//   echo-array  DOMAIN IN_TOPIC OUT_TOPIC COUNT TIMEOUT_S
//   pub-array   DOMAIN TOPIC COUNT transient_local|volatile
//   echo-image  DOMAIN IN_TOPIC OUT_TOPIC TIMEOUT_S        (bench: sends every image back)
//   echo-pose   DOMAIN IN_TOPIC OUT_TOPIC COUNT TIMEOUT_S  (PoseStamped read, then written back)
//   echo-joints DOMAIN IN_TOPIC OUT_TOPIC COUNT TIMEOUT_S  (JointState read, then written back)
//   echo-float  DOMAIN IN_TOPIC OUT_TOPIC COUNT TIMEOUT_S  (Float32 read, then written back)
//   echo-compressed DOMAIN IN_TOPIC OUT_TOPIC COUNT TIMEOUT_S (CompressedImage, written back)
//   echo-string DOMAIN IN_TOPIC OUT_TOPIC COUNT TIMEOUT_S  (String read, then written back)
//   pub-robot   DOMAIN CAMERA POSE JOINTS COMMAND COUNT RATE_HZ ENCODING
//               (a robot run: tick k stamped 1700000000 s + k * 50 ms; a 16x16 image whose
//               red is k % 256, green 100 + x / 2, blue 200 - y / 2; pose x = 0.01 k, z = 0.2;
//               joints joint_1 = 0, gripper = k / 100; twist 0.1 + 0.01 k m/s along x and
//               0.05 rad/s yaw; all reliable, once every topic has a reader)
#include "ros2_msgsPubSubTypes.h"

#include <fastdds/dds/domain/DomainParticipant.hpp>
#include <fastdds/dds/domain/DomainParticipantFactory.hpp>
#include <fastdds/dds/publisher/DataWriter.hpp>
#include <fastdds/dds/publisher/Publisher.hpp>
#include <fastdds/dds/subscriber/DataReader.hpp>
#include <fastdds/dds/subscriber/SampleInfo.hpp>
#include <fastdds/dds/subscriber/Subscriber.hpp>
#include <fastdds/rtps/transport/UDPv4TransportDescriptor.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

using namespace eprosima::fastdds::dds;
using namespace eprosima::fastrtps::rtps;
using Clock = std::chrono::steady_clock;

namespace {

// Largest sample this peer accepts: the generated types assume 100-element sequences.
constexpr uint32_t kMaxSampleBytes = 8 * 1024 * 1024;

DomainParticipant* join(int domain) {
  DomainParticipantQos qos;
  qos.name("foresight_test_peer");
  qos.transport().use_builtin_transports = false;
  auto udp = std::make_shared<eprosima::fastdds::rtps::UDPv4TransportDescriptor>();
  // As the Java nodes: socket buffers that hold a whole 640x480 image (the kernel caps them).
  udp->sendBufferSize = 4 << 20;
  udp->receiveBufferSize = 4 << 20;
  qos.transport().user_transports.push_back(udp);
  DomainParticipant* participant =
      DomainParticipantFactory::get_instance()->create_participant(domain, qos);
  if (participant == nullptr) {
    std::fprintf(stderr, "cannot join domain %d\n", domain);
    std::exit(3);
  }
  return participant;
}

Topic* topic(DomainParticipant* participant, TopicDataType* type, const std::string& name) {
  type->m_typeSize = kMaxSampleBytes;
  TypeSupport support(type);
  support.register_type(participant);
  return participant->create_topic("rt" + name, support.get_type_name(), TOPIC_QOS_DEFAULT);
}

DataWriter* writer(DomainParticipant* participant, Topic* t, bool reliable, bool transientLocal,
                   int depth) {
  Publisher* publisher = participant->create_publisher(PUBLISHER_QOS_DEFAULT);
  DataWriterQos qos = DATAWRITER_QOS_DEFAULT;
  qos.reliability().kind = reliable ? RELIABLE_RELIABILITY_QOS : BEST_EFFORT_RELIABILITY_QOS;
  qos.durability().kind = transientLocal ? TRANSIENT_LOCAL_DURABILITY_QOS : VOLATILE_DURABILITY_QOS;
  qos.history().kind = KEEP_LAST_HISTORY_QOS;
  qos.history().depth = depth;
  qos.endpoint().history_memory_policy = PREALLOCATED_WITH_REALLOC_MEMORY_MODE;
  return publisher->create_datawriter(t, qos);
}

DataReader* reader(DomainParticipant* participant, Topic* t, bool reliable, int depth) {
  Subscriber* subscriber = participant->create_subscriber(SUBSCRIBER_QOS_DEFAULT);
  DataReaderQos qos = DATAREADER_QOS_DEFAULT;
  qos.reliability().kind = reliable ? RELIABLE_RELIABILITY_QOS : BEST_EFFORT_RELIABILITY_QOS;
  qos.history().kind = KEEP_LAST_HISTORY_QOS;
  qos.history().depth = depth;
  qos.endpoint().history_memory_policy = PREALLOCATED_WITH_REALLOC_MEMORY_MODE;
  return subscriber->create_datareader(t, qos);
}

bool awaitReader(DataWriter* w, double timeoutSeconds) {
  auto deadline = Clock::now() + std::chrono::duration<double>(timeoutSeconds);
  PublicationMatchedStatus status;
  while (Clock::now() < deadline) {
    w->get_publication_matched_status(status);
    if (status.current_count > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// Takes every sample waiting in r; calls f on each valid one. Returns after timeout or when f
// returns false.
template <typename T, typename F>
void takeLoop(DataReader* r, double timeoutSeconds, F f) {
  auto deadline = Clock::now() + std::chrono::duration<double>(timeoutSeconds);
  T sample;
  SampleInfo info;
  while (Clock::now() < deadline) {
    if (!r->wait_for_unread_message(eprosima::fastrtps::Duration_t(0, 50000000))) continue;
    while (r->take_next_sample(&sample, &info) == ReturnCode_t::RETCODE_OK) {
      if (info.valid_data && !f(sample)) return;
    }
  }
}

uint8_t pixel(uint32_t index, uint32_t seq) { return static_cast<uint8_t>(index * 31u + seq * 7u); }

int pubImage(int domain, const std::string& name, uint32_t width, uint32_t height, int count,
             double rateHz, bool reliable) {
  DomainParticipant* p = join(domain);
  DataWriter* w = writer(p, topic(p, new sensor_msgs::msg::dds_::Image_PubSubType(), name),
                         reliable, false, reliable ? count : 5);
  if (!awaitReader(w, 20)) {
    std::printf("no reader\n");
    return 4;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  sensor_msgs::msg::dds_::Image_ image;
  image.height_(height);
  image.width_(width);
  image.encoding_("rgb8");
  image.is_bigendian_(0);
  image.step_(width * 3);
  image.header_().frame_id_("camera");
  std::vector<uint8_t> data(static_cast<size_t>(width) * height * 3);
  auto period = std::chrono::duration<double>(1.0 / rateHz);
  auto next = Clock::now();
  for (int seq = 0; seq < count; ++seq) {
    for (uint32_t i = 0; i < data.size(); ++i) data[i] = pixel(i, seq);
    image.data_(data);
    image.header_().stamp_().sec_(seq);
    image.header_().stamp_().nanosec_(500);
    if (!w->write(&image)) std::printf("write failed %d\n", seq);
    next += std::chrono::duration_cast<Clock::duration>(period);
    std::this_thread::sleep_until(next);
  }
  std::printf("published %d\n", count);
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::milliseconds(reliable ? 2000 : 300));
  return 0;
}

int subTwist(int domain, const std::string& name, int count, double timeoutSeconds) {
  DomainParticipant* p = join(domain);
  DataReader* r = reader(p, topic(p, new geometry_msgs::msg::dds_::TwistStamped_PubSubType(), name),
                         true, 100);
  std::printf("ready\n");
  std::fflush(stdout);
  int received = 0;
  takeLoop<geometry_msgs::msg::dds_::TwistStamped_>(r, timeoutSeconds, [&](auto& m) {
    const auto& l = m.twist_value_().linear_();
    const auto& a = m.twist_value_().angular_();
    std::printf("twist %d %u %s %.17g %.17g %.17g %.17g %.17g %.17g\n", m.header_().stamp_().sec_(),
                m.header_().stamp_().nanosec_(), m.header_().frame_id_().c_str(), l.x_(), l.y_(),
                l.z_(), a.x_(), a.y_(), a.z_());
    std::fflush(stdout);
    return ++received < count;
  });
  std::printf("received %d\n", received);
  return 0;
}

int echoArray(int domain, const std::string& in, const std::string& out, int count,
              double timeoutSeconds) {
  DomainParticipant* p = join(domain);
  DataReader* r = reader(p, topic(p, new std_msgs::msg::dds_::Float32MultiArray_PubSubType(), in),
                         true, 100);
  DataWriter* w = writer(p, topic(p, new std_msgs::msg::dds_::Float32MultiArray_PubSubType(), out),
                         true, false, 100);
  std::printf("ready\n");
  std::fflush(stdout);
  int echoed = 0;
  takeLoop<std_msgs::msg::dds_::Float32MultiArray_>(r, timeoutSeconds, [&](auto& m) {
    // Doubles every value, so the far end sees this peer read them.
    for (auto& v : m.data_()) v *= 2.0f;
    m.layout_().data_offset_(m.layout_().data_offset_() + 1);
    w->write(&m);
    std::printf("array %zu %zu\n", m.layout_().dim_().size(), m.data_().size());
    std::fflush(stdout);
    return ++echoed < count;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  std::printf("echoed %d\n", echoed);
  return 0;
}

int pubArray(int domain, const std::string& name, int count, bool transientLocal) {
  DomainParticipant* p = join(domain);
  DataWriter* w = writer(p, topic(p, new std_msgs::msg::dds_::Float32MultiArray_PubSubType(), name),
                         true, transientLocal, transientLocal ? 1 : count);
  if (!transientLocal && !awaitReader(w, 20)) {
    std::printf("no reader\n");
    return 4;
  }
  std_msgs::msg::dds_::Float32MultiArray_ m;
  std_msgs::msg::dds_::MultiArrayDimension_ dim;
  dim.label_("latent");
  for (int seq = 0; seq < count; ++seq) {
    std::vector<float> data(300);
    for (size_t i = 0; i < data.size(); ++i) data[i] = 0.25f * static_cast<float>(i) - seq;
    dim.size_(data.size());
    dim.stride_(data.size());
    m.layout_().dim_({dim});
    m.layout_().data_offset_(seq);
    m.data_(data);
    w->write(&m);
  }
  std::printf("published %d\n", count);
  std::fflush(stdout);
  // Transient local: stay until the reader has joined and read (the test ends this process).
  std::this_thread::sleep_for(std::chrono::seconds(transientLocal ? 30 : 2));
  return 0;
}

int echoImage(int domain, const std::string& in, const std::string& out, double timeoutSeconds) {
  DomainParticipant* p = join(domain);
  DataReader* r = reader(p, topic(p, new sensor_msgs::msg::dds_::Image_PubSubType(), in), true, 10);
  DataWriter* w =
      writer(p, topic(p, new sensor_msgs::msg::dds_::Image_PubSubType(), out), true, false, 10);
  std::printf("ready\n");
  std::fflush(stdout);
  int echoed = 0;
  takeLoop<sensor_msgs::msg::dds_::Image_>(r, timeoutSeconds, [&](auto& m) {
    w->write(&m);
    ++echoed;
    return true;
  });
  std::printf("echoed %d\n", echoed);
  return 0;
}

// Reads COUNT samples of one type and writes each back unchanged on OUT: the far end compares
// what comes back with what it sent, which checks both directions of the layout.
template <typename T, typename PubSub>
int echoSamples(const char* label, int domain, const std::string& in, const std::string& out,
                int count, double timeoutSeconds) {
  DomainParticipant* p = join(domain);
  DataReader* r = reader(p, topic(p, new PubSub(), in), true, 100);
  DataWriter* w = writer(p, topic(p, new PubSub(), out), true, false, 100);
  std::printf("ready\n");
  std::fflush(stdout);
  int echoed = 0;
  takeLoop<T>(r, timeoutSeconds, [&](auto& m) {
    w->write(&m);
    std::printf("%s %d\n", label, echoed);
    std::fflush(stdout);
    return ++echoed < count;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  std::printf("echoed %d\n", echoed);
  return 0;
}

int pubRobot(int domain, const std::string& camera, const std::string& pose,
             const std::string& joints, const std::string& command, int count, double rateHz,
             const std::string& encoding) {
  DomainParticipant* p = join(domain);
  DataWriter* images =
      writer(p, topic(p, new sensor_msgs::msg::dds_::Image_PubSubType(), camera), true, false,
             count);
  DataWriter* poses =
      writer(p, topic(p, new geometry_msgs::msg::dds_::PoseStamped_PubSubType(), pose), true,
             false, count);
  DataWriter* states =
      writer(p, topic(p, new sensor_msgs::msg::dds_::JointState_PubSubType(), joints), true, false,
             count);
  DataWriter* twists =
      writer(p, topic(p, new geometry_msgs::msg::dds_::TwistStamped_PubSubType(), command), true,
             false, count);
  for (DataWriter* w : {images, poses, states, twists}) {
    if (!awaitReader(w, 30)) {
      std::printf("no reader\n");
      return 4;
    }
  }
  std::printf("matched\n");
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const uint32_t side = 16;
  sensor_msgs::msg::dds_::Image_ image;
  image.height_(side);
  image.width_(side);
  image.encoding_(encoding);
  image.is_bigendian_(0);
  image.step_(side * 3);
  image.header_().frame_id_("camera");
  geometry_msgs::msg::dds_::PoseStamped_ poseMessage;
  poseMessage.header_().frame_id_("base_link");
  poseMessage.pose_value_().orientation_().w_(1);
  sensor_msgs::msg::dds_::JointState_ jointMessage;
  jointMessage.name_({"joint_1", "gripper"});
  geometry_msgs::msg::dds_::TwistStamped_ twist;
  twist.header_().frame_id_("base_link");
  twist.twist_value_().angular_().z_(0.05);
  std::vector<uint8_t> data(side * side * 3);
  auto period = std::chrono::duration<double>(1.0 / rateHz);
  auto next = Clock::now();
  for (int k = 0; k < count; ++k) {
    int64_t stamp = 1700000000LL * 1000000000LL + static_cast<int64_t>(k) * 50000000LL;
    int32_t sec = static_cast<int32_t>(stamp / 1000000000LL);
    uint32_t nanosec = static_cast<uint32_t>(stamp % 1000000000LL);
    for (uint32_t y = 0; y < side; ++y) {
      for (uint32_t x = 0; x < side; ++x) {
        size_t i = (y * side + x) * 3;
        data[i] = static_cast<uint8_t>(k % 256);
        data[i + 1] = static_cast<uint8_t>(100 + x / 2);
        data[i + 2] = static_cast<uint8_t>(200 - y / 2);
      }
    }
    image.data_(data);
    for (auto* header : {&image.header_(), &poseMessage.header_(), &jointMessage.header_(),
                         &twist.header_()}) {
      header->stamp_().sec_(sec);
      header->stamp_().nanosec_(nanosec);
    }
    poseMessage.pose_value_().position_().x_(0.01 * k);
    poseMessage.pose_value_().position_().z_(0.2);
    jointMessage.position_({0.0, k / 100.0});
    twist.twist_value_().linear_().x_(0.1 + 0.01 * k);
    images->write(&image);
    poses->write(&poseMessage);
    states->write(&jointMessage);
    twists->write(&twist);
    next += std::chrono::duration_cast<Clock::duration>(period);
    std::this_thread::sleep_until(next);
  }
  std::printf("published %d\n", count);
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string mode = argc > 1 ? argv[1] : "";
  auto arg = [&](int i) { return std::string(argc > i ? argv[i] : ""); };
  if (mode == "pub-image" && argc == 9)
    return pubImage(std::atoi(argv[2]), arg(3), std::atoi(argv[4]), std::atoi(argv[5]),
                    std::atoi(argv[6]), std::atof(argv[7]), arg(8) == "reliable");
  if (mode == "sub-twist" && argc == 6)
    return subTwist(std::atoi(argv[2]), arg(3), std::atoi(argv[4]), std::atof(argv[5]));
  if (mode == "echo-array" && argc == 7)
    return echoArray(std::atoi(argv[2]), arg(3), arg(4), std::atoi(argv[5]), std::atof(argv[6]));
  if (mode == "pub-array" && argc == 6)
    return pubArray(std::atoi(argv[2]), arg(3), std::atoi(argv[4]), arg(5) == "transient_local");
  if (mode == "echo-image" && argc == 6)
    return echoImage(std::atoi(argv[2]), arg(3), arg(4), std::atof(argv[5]));
  if (mode == "echo-pose" && argc == 7)
    return echoSamples<geometry_msgs::msg::dds_::PoseStamped_,
                       geometry_msgs::msg::dds_::PoseStamped_PubSubType>(
        "pose", std::atoi(argv[2]), arg(3), arg(4), std::atoi(argv[5]), std::atof(argv[6]));
  if (mode == "echo-joints" && argc == 7)
    return echoSamples<sensor_msgs::msg::dds_::JointState_,
                       sensor_msgs::msg::dds_::JointState_PubSubType>(
        "joints", std::atoi(argv[2]), arg(3), arg(4), std::atoi(argv[5]), std::atof(argv[6]));
  if (mode == "echo-float" && argc == 7)
    return echoSamples<std_msgs::msg::dds_::Float32_, std_msgs::msg::dds_::Float32_PubSubType>(
        "float", std::atoi(argv[2]), arg(3), arg(4), std::atoi(argv[5]), std::atof(argv[6]));
  if (mode == "echo-compressed" && argc == 7)
    return echoSamples<sensor_msgs::msg::dds_::CompressedImage_,
                       sensor_msgs::msg::dds_::CompressedImage_PubSubType>(
        "compressed", std::atoi(argv[2]), arg(3), arg(4), std::atoi(argv[5]), std::atof(argv[6]));
  if (mode == "echo-string" && argc == 7)
    return echoSamples<std_msgs::msg::dds_::String_, std_msgs::msg::dds_::String_PubSubType>(
        "string", std::atoi(argv[2]), arg(3), arg(4), std::atoi(argv[5]), std::atof(argv[6]));
  if (mode == "pub-robot" && argc == 10)
    return pubRobot(std::atoi(argv[2]), arg(3), arg(4), arg(5), arg(6), std::atoi(argv[7]),
                    std::atof(argv[8]), arg(9));
  std::fprintf(stderr, "usage: see the comment at the top of ros2_peer.cpp\n");
  return 2;
}
