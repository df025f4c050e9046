package dev.hopscope.cluster.kafka;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Makes sure the span topic exists and says how many partitions it has. */
public final class SpanTopic {
  private SpanTopic() {}

  /**
   * Creates the topic with the configured partitions, replication and {@code min.insync.replicas}
   * when it is missing (a concurrent creator wins quietly; an existing topic keeps its own), then
   * returns its partition count. Throws {@link IllegalStateException} naming Kafka's address and
   * the fix when Kafka cannot be reached.
   */
  public static int ensure(KafkaSettings settings, String clientId) {
    long timeout = Math.max(10_000, settings.ackTimeout().toMillis() * 4);
    try (Admin admin = Admin.create(settings.adminProperties(clientId))) {
      NewTopic topic =
          new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())
              .configs(
                  Map.of(
                      // With acks=all, a batch is acknowledged once this many replicas hold it;
                      // fewer in sync and writes fail (503) rather than become single copies.
                      TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                      String.valueOf(settings.minInsyncReplicas())));
      try {
        admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      return partitions(admin, settings.topic(), System.nanoTime() + timeout * 1_000_000L);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot create or describe Kafka topic "
              + settings.topic()
              + " at "
              + settings.bootstrapServers()
              + " (kafka.bootstrapServers): "
              + cause
              + "; start Kafka or point kafka.bootstrapServers at it",
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka topic " + settings.topic());
    }
  }

  /**
   * The topic's partition count. A topic just created is not known to every broker at once: the one
   * asked may answer "unknown topic" for a moment (seen with three brokers started together), so
   * that answer is asked again, briefly, until the deadline.
   */
  private static int partitions(Admin admin, String name, long deadlineNanos)
      throws ExecutionException, TimeoutException, InterruptedException {
    while (true) {
      long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
      try {
        // The future fails rather than answer without a topic it was asked about.
        TopicDescription description =
            Objects.requireNonNull(
                admin
                    .describeTopics(List.of(name))
                    .allTopicNames()
                    .get(left, TimeUnit.MILLISECONDS)
                    .get(name),
                name);
        return description.partitions().size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadlineNanos) {
          throw e;
        }
        LockSupport.parkNanos(100_000_000L);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }
  }
}
