package dev.foresight.ros.bag;

/**
 * One connection recorded in a bag: a topic as one publisher's messages reached the recorder.
 *
 * @param id the bag's connection number
 * @param topic topic name, e.g. {@code /camera/image_raw}
 * @param type message type, e.g. {@code sensor_msgs/Image}
 * @param md5 md5 sum of the message definition
 * @param definition full message definition text
 * @param callerId the publishing node (empty when the bag does not say)
 * @param latching whether the topic was latched
 * @param messageCount messages recorded on this connection
 * @param startTimeNanos receive time of its first message, ns since the epoch (0 when none)
 * @param endTimeNanos receive time of its last message, ns since the epoch (0 when none)
 * @param largestStepBackNanos the largest step back in receive time between consecutive messages in
 *     the order they were recorded, ns: 0 when the recorder's clock never went back (a clock jump,
 *     such as a simulated clock restarting, makes it positive). An index lists each chunk's
 *     messages sorted by time, so in an indexed bag a jump shows between chunks only.
 */
public record BagConnection(
    int id,
    String topic,
    String type,
    String md5,
    String definition,
    String callerId,
    boolean latching,
    long messageCount,
    long startTimeNanos,
    long endTimeNanos,
    long largestStepBackNanos) {}
