package dev.hopscope.cluster.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where the span topic lives and how to create it when it is missing.
 *
 * @param bootstrapServers Kafka's {@code host:port,...}
 * @param topic the topic every distributor writes and every consumer reads
 * @param partitions partitions to create the topic with (an existing topic keeps its own)
 * @param replicationFactor replicas to create the topic with: 3 in production, 1 on one broker
 * @param minInsyncReplicas the topic's {@code min.insync.replicas} when it is created: replicas
 *     that must hold a batch before it is acknowledged; 0 picks min(2, replicationFactor)
 * @param ackTimeout how long a distributor waits for Kafka before answering 503: the bound on
 *     metadata lookups and on delivery, so a client never waits for its own deadline
 */
public record KafkaSettings(
    String bootstrapServers,
    String topic,
    int partitions,
    short replicationFactor,
    int minInsyncReplicas,
    Duration ackTimeout) {

  public static final String DEFAULT_TOPIC = "hopscope-spans";

  /** With the default {@code min.insync.replicas}: min(2, replicationFactor). */
  public KafkaSettings(
      String bootstrapServers,
      String topic,
      int partitions,
      short replicationFactor,
      Duration ackTimeout) {
    this(bootstrapServers, topic, partitions, replicationFactor, 0, ackTimeout);
  }

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "kafka.bootstrapServers is empty; cluster roles need Kafka's host:port list");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("kafka.partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "kafka.replicationFactor must be at least 1, got " + replicationFactor);
    }
    if (minInsyncReplicas == 0) {
      // Two copies before "acknowledged" survive the loss of any one broker; one broker can only
      // ever hold one.
      minInsyncReplicas = Math.min(2, replicationFactor);
    }
    if (minInsyncReplicas < 0 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "kafka.minInsyncReplicas must be between 1 and kafka.replicationFactor ("
              + replicationFactor
              + "), got "
              + minInsyncReplicas
              + ": a partition never has more in-sync replicas than replicas, so every write"
              + " would fail; 0 picks min(2, kafka.replicationFactor)");
    }
    if (ackTimeout.toMillis() < 100) {
      throw new IllegalArgumentException(
          "kafka.ackTimeout must be at least 100ms, got " + ackTimeout.toMillis() + "ms");
    }
  }

  /**
   * acks=all and idempotence: "acknowledged" means every in-sync replica has the batch, and a
   * producer retry never writes it twice. lz4, not zstd: ingest CPU is the scarcer resource, and
   * the record values are already column-encoded.
   */
  public Properties producerProperties(String clientId) {
    Properties props = common(clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis() + 2);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /** Manual offsets: a consumer commits only what it made durable itself (or never, for replay). */
  public Properties consumerProperties(String clientId, String groupId) {
    Properties props = common(clientId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 << 20);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  public Properties adminProperties(String clientId) {
    return common(clientId);
  }

  private Properties common(String clientId) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("client.id", clientId);
    return props;
  }
}
