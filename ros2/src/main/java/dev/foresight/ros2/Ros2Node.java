package dev.foresight.ros2;

import com.eprosima.xmlschemas.fastrtps_profiles.DurabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.ReliabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.TransportDescriptorType;
import dev.foresight.ros2.internal.CdrTopicDataType;
import dev.foresight.ros2.internal.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import us.ihmc.pubsub.Domain;
import us.ihmc.pubsub.DomainFactory;
import us.ihmc.pubsub.attributes.CommonAttributes;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.attributes.PublisherAttributes;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.common.Time;
import us.ihmc.pubsub.participant.Participant;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.subscriber.Subscriber;

/**
 * A ROS 2 node on Fast-DDS: one DDS participant in the node's domain whose publishers and
 * subscriptions carry ROS 2's topic names ({@code rt/...}) and type names ({@code
 * pkg::msg::dds_::Type_}), so stock ROS 2 nodes on rmw_fastrtps (and other RTPS peers) see them as
 * ordinary ROS 2 topics. Close it to leave the domain.
 *
 * <p>Transport: UDPv4 only (no shared memory), so peers of other Fast-DDS builds always match.
 */
public final class Ros2Node implements AutoCloseable {
  /**
   * UDP socket buffer sizes asked for (the kernel caps them at {@code net.core.rmem_max} and {@code
   * wmem_max}). With Linux's default 208 KiB, a 640×480 rgb8 image (921,600 bytes in about 15
   * fragments) overflows the receive buffer and waits for repair.
   */
  public static final int SOCKET_BUFFER_BYTES = 4 << 20;

  private final Ros2NodeSettings settings;
  private final Domain domain;
  private final Participant participant;
  private final List<Object> endpoints = new ArrayList<>();
  private boolean closed;

  private Ros2Node(Ros2NodeSettings settings, Domain domain, Participant participant) {
    this.settings = settings;
    this.domain = domain;
    this.participant = participant;
  }

  /**
   * Joins the settings' domain as node {@code settings.name()}.
   *
   * @throws Ros2Exception when Fast-DDS cannot create the participant (natives missing, ports)
   */
  public static Ros2Node start(Ros2NodeSettings settings) {
    Domain domain = DomainFactory.getDomain(DomainFactory.PubSubImplementation.FAST_RTPS);
    ParticipantProfile profile =
        ParticipantProfile.create()
            .domainId(settings.domainId())
            .discoveryLeaseDuration(new Time(20, 0))
            .name(settings.name())
            .useBuiltinTransports(false);
    TransportDescriptorType udp = new TransportDescriptorType();
    udp.setTransportId(UUID.randomUUID().toString());
    udp.setType("UDPv4");
    udp.setSendBufferSize((long) SOCKET_BUFFER_BYTES);
    udp.setReceiveBufferSize((long) SOCKET_BUFFER_BYTES);
    profile.addTransport(udp);
    try {
      return new Ros2Node(settings, domain, domain.createParticipant(profile));
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      throw new Ros2Exception(
          "ROS 2 node '"
              + settings.name()
              + "' cannot join domain "
              + settings.domainId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The settings this node started with. */
  public Ros2NodeSettings settings() {
    return settings;
  }

  /**
   * The fully qualified ROS 2 name of {@code topicName} for this node, after remapping: the first
   * rule whose resolved {@code from} equals the resolved name replaces it with its resolved {@code
   * to}.
   */
  public String resolve(String topicName) {
    String resolved = Ros2Names.resolve(settings.namespace(), settings.name(), topicName);
    for (var rule : settings.remappings().entrySet()) {
      if (Ros2Names.resolve(settings.namespace(), settings.name(), rule.getKey())
          .equals(resolved)) {
        return Ros2Names.resolve(settings.namespace(), settings.name(), rule.getValue());
      }
    }
    return resolved;
  }

  /**
   * Advertises {@code topic}.
   *
   * @param topic name (resolved against this node) and type
   * @param qos offered quality of service
   */
  public synchronized <T> Ros2Publisher<T> createPublisher(Ros2Topic<T> topic, Ros2Qos qos) {
    checkOpen();
    String name = resolve(topic.name());
    AtomicInteger matched = new AtomicInteger();
    PublisherAttributes attributes =
        qos(PublisherAttributes.create(), topic, name, qos)
            .heartBeatPeriod(new Time(0, 100_000_000L));
    try {
      Publisher publisher =
          domain.createPublisher(participant, attributes, (source, info) -> count(matched, info));
      Ros2Publisher<T> result =
          new Ros2Publisher<>(name, topic.type(), qos, publisher, matched, new Sample<>());
      endpoints.add(publisher);
      return result;
    } catch (IOException | RuntimeException e) {
      throw new Ros2Exception("cannot advertise " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Subscribes to {@code topic}; {@code listener} gets each well-formed message. Malformed samples
   * are dropped with one log line each and counted.
   *
   * @param topic name (resolved against this node) and type
   * @param qos requested quality of service
   * @param listener receives messages on a Fast-DDS thread
   */
  public synchronized <T> Ros2Subscriber<T> createSubscriber(
      Ros2Topic<T> topic, Ros2Qos qos, Ros2Listener<T> listener) {
    checkOpen();
    if (listener == null) {
      throw new IllegalArgumentException("subscription to " + topic.name() + " needs a listener");
    }
    String name = resolve(topic.name());
    Ros2Subscriber<T> subscriber = new Ros2Subscriber<>(name, topic.type(), qos, listener);
    SubscriberAttributes attributes = qos(SubscriberAttributes.create(), topic, name, qos);
    try {
      Subscriber<Sample<T>> fastDdsSubscriber =
          domain.createSubscriber(participant, attributes, subscriber.nativeListener());
      subscriber.attach(fastDdsSubscriber);
      endpoints.add(subscriber);
      return subscriber;
    } catch (IOException | RuntimeException e) {
      throw new Ros2Exception("cannot subscribe to " + name + ": " + e.getMessage(), e);
    }
  }

  private static <A extends CommonAttributes<A>> A qos(
      A attributes, Ros2Topic<?> topic, String name, Ros2Qos qos) {
    return attributes
        .topicDataType(new CdrTopicDataType<>(topic.type()))
        .topicName(Ros2Names.ddsTopic(name))
        .reliabilityKind(
            qos.reliability() == Ros2Qos.Reliability.RELIABLE
                ? ReliabilityQosKindPolicyType.RELIABLE
                : ReliabilityQosKindPolicyType.BEST_EFFORT)
        .durabilityKind(
            qos.durability() == Ros2Qos.Durability.TRANSIENT_LOCAL
                ? DurabilityQosKindPolicyType.TRANSIENT_LOCAL
                : DurabilityQosKindPolicyType.VOLATILE)
        .historyQosPolicyKind(HistoryQosKindPolicyType.KEEP_LAST)
        .historyDepth(qos.depth());
  }

  /**
   * Removes one subscription made by this node; its listener gets no further message. Does nothing
   * for a subscription already removed or when the node is closed.
   */
  public synchronized void removeSubscriber(Ros2Subscriber<?> subscriber) {
    if (closed || !endpoints.remove(subscriber)) {
      return;
    }
    subscriber.stopTaking();
    domain.removeSubscriber(subscriber.nativeSubscriber());
  }

  static void count(AtomicInteger matched, MatchingInfo info) {
    if (info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING) {
      matched.incrementAndGet();
    } else if (info.getStatus() == MatchingInfo.MatchingStatus.REMOVED_MATCHING) {
      matched.decrementAndGet();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("ROS 2 node '" + settings.name() + "' is closed");
    }
  }

  /** Removes every publisher and subscription and leaves the domain. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Object endpoint : endpoints) {
      if (endpoint instanceof Publisher publisher) {
        domain.removePublisher(publisher);
      } else if (endpoint instanceof Ros2Subscriber<?> subscriber) {
        subscriber.stopTaking();
        domain.removeSubscriber(subscriber.nativeSubscriber());
      }
    }
    domain.removeParticipant(participant);
  }
}
