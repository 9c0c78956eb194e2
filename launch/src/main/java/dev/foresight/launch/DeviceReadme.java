package dev.foresight.launch;

/**
 * The {@code README-device.md} of a distribution: from unpacking the tarball to a running agent and
 * perception node, with the platform's engines and their fallback.
 */
final class DeviceReadme {
  private DeviceReadme() {}

  static String text(Distribution.Platform platform, String version) {
    boolean jetson = platform == Distribution.Platform.LINUX_AARCH64;
    String folder = "foresight-" + version + "-" + platform.label;
    return """
        # Foresight %1$s for %2$s

        This folder runs Foresight's inference side without Maven or a source tree: the bridge
        agent next to the arm, the ROS perception and planner nodes, `foresight run`%3$s. Training
        (`foresight train`, PyTorch) stays on the build machine.

        ## Contents

        - `bin/foresight`: the launcher; needs only Java 17 or newer (`JAVA_HOME` or the `PATH`).
          JVM options go in `FORESIGHT_JAVA_OPTS`.
        - `lib/`: the jars, with only this platform's native libraries (ONNX Runtime, Netty's
          epoll, IHMC's Fast-DDS for ROS 2%4$s).
        - `models/`: the bundled world models (`models/foresight-sim` is the default).
        - `README-device.md`: this file.

        ## Install

        ```
        %5$s
        sudo tar xzf %6$s.tar.gz -C /opt
        sudo ln -sfn /opt/%6$s /opt/foresight
        /opt/foresight/bin/foresight version
        /opt/foresight/bin/foresight model encode goal.png   # a latent from ONNX Runtime's %7$s library
        ```

        %8$s## Run the agent next to the arm

        ```
        /opt/foresight/bin/foresight agent --driver ros --config /etc/foresight/arm.yaml \\
            --realtime=80 --cpus 3 __master:=http://ROS-MASTER:11311 __ip:=THIS-HOST
        ```

        `--realtime` puts the agent's I/O and control threads under `SCHED_FIFO` (root,
        `CAP_SYS_NICE` or `LimitRTPRIO=` in a systemd unit; otherwise one line says what was
        refused and the agent runs at normal priority); `--cpus 3` pins them to the reserved
        core. The agent binds to loopback: to serve a planner on another machine set `bridge.host`
        and a token (`bridge.tokenSource`), and `bridge.tls` with `--keystore`. It holds the arm
        whenever it stops (Ctrl-C, SIGTERM, a lost planner) and latches every stop that needs a
        person.

        ## Run perception

        ```
        /opt/foresight/bin/foresight node perception --config /etc/foresight/arm.yaml \\
            image:=/camera/image_raw __master:=http://ROS-MASTER:11311 __ip:=THIS-HOST
        ```

        It encodes the newest camera frame with `model.bundle` on `model.engine` and publishes the
        latent (`std_msgs/Float32MultiArray`); `foresight node planner` plans from it.

        ## Engines (`model.engine`)

        - `onnxruntime` (default): ONNX Runtime's CPU library for this platform, in
          `lib/onnxruntime-*.jar`; needs nothing else.
        %9$s
        An engine that cannot load is reported in one line naming the reason, then the bundle runs
        on `onnxruntime`, e.g.
        `WARN WorldModels - model.engine cuda cannot load (ONNX Runtime 1.21.1 on the class path is
        the CPU build, …); falling back to onnxruntime`.

        ## Run the agent as a service

        ```ini
        [Unit]
        Description=Foresight robot agent
        After=network-online.target
        Wants=network-online.target

        [Service]
        User=robot
        Environment=FORESIGHT_JAVA_OPTS=-Xmn256m
        Environment=FORESIGHT_KEYSTORE_PASSWORD=change-me
        ExecStart=/opt/foresight/bin/foresight agent --driver ros --config /etc/foresight/arm.yaml --realtime=80 --cpus 3 __master:=http://ROS-MASTER:11311 __ip:=THIS-HOST
        LimitRTPRIO=80
        Restart=on-failure

        [Install]
        WantedBy=multi-user.target
        ```

        Save it as `/etc/systemd/system/foresight-agent.service`, then `sudo systemctl
        daemon-reload && sudo systemctl enable --now foresight-agent`; `journalctl -u
        foresight-agent` shows the `scheduling:` line with what was in effect. A unit for
        perception is the same with `ExecStart=… node perception …` and no `LimitRTPRIO=`.
        """
        .formatted(
            version,
            platform.label,
            platform.simulator ? ", and the embedded simulator (`sim eval`, `demo`)" : "",
            platform.simulator ? ", Bullet for the simulator" : "",
            jetson
                ? "sudo apt-get install openjdk-17-jre-headless   # arm64, from JetPack's Ubuntu"
                : "sudo apt-get install openjdk-17-jre-headless",
            folder,
            jetson ? "aarch64" : "x86-64",
            jetson ? JETSON : "",
            jetson ? JETSON_ENGINES : X86_64_ENGINES);
  }

  private static final String JETSON =
      """
      ## Jetson

      JetPack 5 or 6 (Ubuntu 20.04 or 22.04 for arm64) has `openjdk-17-jre-headless`. Before
      timing anything fix the clocks: `sudo nvpmodel -m 0` (the maximum-performance mode of most
      modules; `nvpmodel -q` shows the current one), then `sudo jetson_clocks`. Reserve a core for
      the agent's control loop: add `isolcpus=3 nohz_full=3 rcu_nocbs=3` to the `APPEND` line of
      `/boot/extlinux/extlinux.conf`, reboot, and check `cat /sys/devices/system/cpu/isolated`.
      For hard guarantees use NVIDIA's PREEMPT_RT kernel for Jetson Linux.

      """;

  private static final String JETSON_ENGINES =
      """
      - `cuda` (ONNX Runtime's CUDA execution provider): ONNX Runtime's GPU build on Maven
        Central (`onnxruntime_gpu`) has no aarch64 library, so here `cuda` falls back. For the
        GPU, build ONNX Runtime on the device against JetPack's CUDA and cuDNN (`./build.sh
        --use_cuda --build_java`) and put its jar in place of `lib/onnxruntime-*.jar`.
      - `tensorrt` (DJL's TensorRT engine): needs a folder made by a `-Pjetson` build (with
        `tensorrt-0.33.0.jar`) and DJL's JNI library built on the device from DJL v0.33.0's
        `engines/tensorrt` against JetPack's TensorRT, placed in
        `$DJL_CACHE_DIR/tensorrt/0.33.0-linux-aarch64/` (`DJL_CACHE_DIR` defaults to
        `~/.djl.ai`).
      """;

  private static final String X86_64_ENGINES =
      """
      - `cuda` (ONNX Runtime's CUDA execution provider): a folder made by a `-Pgpu` build carries
        ONNX Runtime's GPU library (`onnxruntime_gpu`); it needs an NVIDIA driver, CUDA 12 and
        cuDNN 9 on the machine.
      - `tensorrt` (DJL's TensorRT engine): a folder made by a `-Pjetson` build, with TensorRT 8
        on the machine.
      """;
}
