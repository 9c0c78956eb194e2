#!/usr/bin/python3
"""rospy peers for Foresight's interoperability tests and `foresight bench ros`.

Modes:
  string_pub TOPIC RATE_HZ PREFIX           publish std_msgs/String "PREFIX N" until killed
  string_sub TOPIC COUNT OUTFILE            write COUNT received strings to OUTFILE, one a line
  image_pub TOPIC SECONDS RATE_HZ           publish 640x480 rgb8 sensor_msgs/Image stamped now
                                            (RATE_HZ 0: as fast as possible)
  image_sub TOPIC SECONDS OUTFILE           skip 1 s after the first image (warm-up), then receive
                                            for SECONDS; write count, bytes and latency
                                            percentiles as JSON
"""
import json
import sys
import time

import rospy

WARMUP_SECONDS = 1.0
from sensor_msgs.msg import Image
from std_msgs.msg import String


def string_pub(topic, rate_hz, prefix):
    rospy.init_node("peer_string_pub", anonymous=True, disable_signals=False)
    publisher = rospy.Publisher(topic, String, queue_size=10)
    rate = rospy.Rate(float(rate_hz))
    n = 0
    while not rospy.is_shutdown():
        publisher.publish(String(data="%s %d" % (prefix, n)))
        n += 1
        rate.sleep()


def string_sub(topic, count, outfile):
    rospy.init_node("peer_string_sub", anonymous=True)
    received = []

    def callback(message):
        if len(received) < count:
            received.append(message.data)

    rospy.Subscriber(topic, String, callback)
    print("subscribed", flush=True)
    while not rospy.is_shutdown() and len(received) < count:
        time.sleep(0.02)
    with open(outfile + ".tmp", "w") as out:
        out.write("\n".join(received) + "\n")
    import os
    os.rename(outfile + ".tmp", outfile)


def image_pub(topic, seconds, rate_hz):
    rospy.init_node("peer_image_pub", anonymous=True)
    publisher = rospy.Publisher(topic, Image, queue_size=2)
    image = Image(height=480, width=640, encoding="rgb8", is_bigendian=0, step=640 * 3)
    image.data = bytes(640 * 480 * 3)
    # Wait for a subscriber so the measured window is full.
    deadline = time.time() + 20
    while publisher.get_num_connections() == 0 and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    end = time.time() + seconds
    period = 1.0 / rate_hz if rate_hz > 0 else 0.0
    next_time = time.time()
    seq = 0
    while time.time() < end and not rospy.is_shutdown():
        image.header.seq = seq
        image.header.stamp = rospy.Time.from_sec(time.time())
        publisher.publish(image)
        seq += 1
        if period > 0:
            next_time += period
            delay = next_time - time.time()
            if delay > 0:
                time.sleep(delay)
    print("published", seq, flush=True)


def image_sub(topic, seconds, outfile):
    rospy.init_node("peer_image_sub", anonymous=True)
    latencies = []
    state = {"first": None, "bytes": 0}

    def callback(message):
        now = time.time()
        if state["first"] is None:
            state["first"] = now + WARMUP_SECONDS
        if state["first"] <= now <= state["first"] + seconds:
            latencies.append(now - message.header.stamp.to_sec())
            state["bytes"] += len(message.data)

    rospy.Subscriber(topic, Image, callback, queue_size=2, buff_size=16 << 20, tcp_nodelay=True)
    print("subscribed", flush=True)
    deadline = time.time() + seconds + 30
    while not rospy.is_shutdown() and time.time() < deadline:
        if state["first"] is not None and time.time() - state["first"] > seconds + 0.2:
            break
        time.sleep(0.05)
    latencies.sort()

    def percentile(p):
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000.0

    result = {
        "count": len(latencies),
        "seconds": seconds,
        "bytes": state["bytes"],
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
    }
    with open(outfile + ".tmp", "w") as out:
        json.dump(result, out)
    import os
    os.rename(outfile + ".tmp", outfile)


if __name__ == "__main__":
    mode = sys.argv[1]
    args = rospy.myargv(argv=sys.argv)[2:]
    if mode == "string_pub":
        string_pub(args[0], float(args[1]), args[2])
    elif mode == "string_sub":
        string_sub(args[0], int(args[1]), args[2])
    elif mode == "image_pub":
        image_pub(args[0], float(args[1]), float(args[2]))
    elif mode == "image_sub":
        image_sub(args[0], float(args[1]), args[2])
    else:
        sys.exit("unknown mode " + mode)
