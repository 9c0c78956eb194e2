package dev.foresight.launch;

/** The {@code README-device.md} of a distribution: from unpacking to a running agent and node. */
final class DeviceReadme {
  private DeviceReadme() {}

  static String text(Distribution.Platform platform, String version) {
    boolean jetson = platform == Distribution.Platform.LINUX_AARCH64;
    return "# Foresight "
        + version
        + " for "
        + platform.label
        + "\n\n"
        + "This folder runs Foresight's inference side without Maven or a source tree: the bridge"
        + " agent next to the arm, the ROS 1 perception and planner nodes, `foresight run`"
        + (platform.simulator ? ", and the embedded simulator (`sim eval`, `demo`)" : "")
        + ". Training (`foresight train`, PyTorch) stays on the build machine.\n\n"
        + "## Install\n\n"
        + "```\n"
        + (jetson
            ? "sudo apt-get install openjdk-17-jre-headless   # arm64, on JetPack's Ubuntu\n"
            : "sudo apt-get install openjdk-17-jre-headless\n")
        + "tar xzf foresight-"
        + version
        + "-"
        + platform.label
        + ".tar.gz\n"
        + "cd foresight-"
        + version
        + "-"
        + platform.label
        + "\n"
        + "bin/foresight version\n"
        + "```\n\n"
        + (jetson
            ? "## Jetson\n\n"
                + "Fix the clocks before timing anything: `sudo nvpmodel -m 0` (the maximum power"
                + " mode of your module) and `sudo jetson_clocks`. Keep one core for the agent's"
                + " control loop (`isolcpus=3` on the kernel command line) and give it real-time"
                + " priority:\n\n"
                + "```\n"
                + "bin/foresight agent --config agent.yaml --driver ros --realtime --cpus 3\n"
                + "bin/foresight node perception image:=/camera/image_raw\n"
                + "```\n\n"
                + "`--realtime` needs root, CAP_SYS_NICE or `LimitRTPRIO=` in a systemd unit. The"
                + " ONNX Runtime library here is the CPU one for aarch64; the GPU engines come"
                + " later. Netty's epoll library for aarch64 is included.\n\n"
            : "")
        + "## Run the agent as a service\n\n"
        + "```\n"
        + "[Unit]\nDescription=Foresight bridge agent\nAfter=network-online.target\n\n"
        + "[Service]\nExecStart=/opt/foresight/bin/foresight agent --config /etc/foresight/agent.yaml"
        + " --driver ros --realtime\nLimitRTPRIO=99\nRestart=on-failure\n"
        + "Environment=FORESIGHT_KEYSTORE_PASSWORD=change-me\n\n"
        + "[Install]\nWantedBy=multi-user.target\n"
        + "```\n\n"
        + "The agent holds the arm whenever it stops (Ctrl-C, SIGTERM, a lost planner) and latches"
        + " every stop that needs a person; see the main README's safety section.\n";
  }
}
