package dev.hopscope.server.ingest;

import static dev.hopscope.server.ingest.RawGrpc.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-message reader judges a body the same however HTTP/2 cuts it into DATA frames, refuses
 * each framing fault with grpc-java's status, and takes a message's bytes from the budget before it
 * keeps any of them.
 */
class UnaryMessageReaderTest {
  private static final long SEED = 20261221L;
  private static final int ROUNDS = 300;
  private static final int MAX = 1024;

  /** A body, the call's grpc-encoding, and the verdict on it read in one piece. */
  private record Body(byte[] bytes, String encoding, String verdict) {}

  @Test
  void everyChunkingOfABodyGetsTheVerdictOfTheWholeBody() {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] message = randomBytes(random, 300);
    byte[] full = randomBytes(random, MAX);
    Map<String, Body> bodies = new LinkedHashMap<>();
    bodies.put("one message", new Body(frame(message), "identity", ok(false, message)));
    bodies.put("compressed", new Body(frame(1, 300, message), "gzip", ok(true, message)));
    bodies.put("empty message", new Body(frame(new byte[0]), "identity", ok(false, new byte[0])));
    bodies.put("message at the limit", new Body(frame(full), "identity", ok(false, full)));
    bodies.put("no body", new Body(new byte[0], "identity", "INTERNAL grpc_missing_message"));
    bodies.put(
        "cut in the prefix",
        new Body(new byte[] {0, 0}, "identity", "INTERNAL grpc_truncated_message"));
    bodies.put(
        "cut in the message",
        new Body(frame(0, 301, message), "identity", "INTERNAL grpc_truncated_message"));
    bodies.put(
        "prefix too short",
        new Body(frame(0, 299, message), "identity", "INTERNAL grpc_trailing_bytes"));
    bodies.put(
        "two messages",
        new Body(
            concat(frame(message), frame(message)), "identity", "INTERNAL grpc_trailing_bytes"));
    bodies.put(
        "reserved flag bit",
        new Body(frame(2, 300, message), "identity", "INTERNAL grpc_invalid_flags"));
    bodies.put(
        "compressed without encoding",
        new Body(frame(1, 300, message), "identity", "INTERNAL grpc_compressed_without_encoding"));
    bodies.put(
        "over the limit",
        new Body(frame(0, MAX + 1, message), "identity", "RESOURCE_EXHAUSTED body_too_large"));
    bodies.put(
        "length beyond 2^31",
        new Body(frame(0, 0xFFFF_FFFFL, message), "identity", "RESOURCE_EXHAUSTED body_too_large"));

    for (Map.Entry<String, Body> entry : bodies.entrySet()) {
      Body body = entry.getValue();
      assertThat(verdict(List.of(body.bytes()), body.encoding()))
          .as(entry.getKey())
          .isEqualTo(body.verdict());
      for (int round = 0; round < ROUNDS; round++) {
        List<byte[]> chunks = split(body.bytes(), random);
        assertThat(verdict(chunks, body.encoding()))
            .as(
                "%s cut into %d chunks (seed %d, round %d)",
                entry.getKey(), chunks.size(), SEED, round)
            .isEqualTo(body.verdict());
      }
    }
  }

  @Test
  void theBudgetIsAskedForTheDeclaredLengthBeforeAnyByteOfTheMessage() {
    List<Long> asked = new ArrayList<>();
    UnaryMessageReader reader =
        new UnaryMessageReader(
            MAX,
            "identity",
            bytes -> {
              asked.add(bytes);
              return Optional.empty();
            });
    assertThat(reader.read(Buffer.buffer(new byte[] {0, 0, 0, 1}))).isEmpty();
    assertThat(asked).as("nothing is asked before the prefix is whole").isEmpty();
    assertThat(reader.read(Buffer.buffer(new byte[] {(byte) 0x90}))).isEmpty();
    assertThat(asked).containsExactly(400L);
    assertThat(reader.read(Buffer.buffer(new byte[400]))).isEmpty();
    assertThat(reader.finish()).isEmpty();
    assertThat(asked).hasSize(1);
  }

  @Test
  void aFullBudgetStopsTheReadAtThePrefix() {
    GrpcRefusal full = new GrpcRefusal(GrpcStatus.RESOURCE_EXHAUSTED, "overloaded", "full");
    UnaryMessageReader reader = new UnaryMessageReader(MAX, "identity", bytes -> Optional.of(full));
    assertThat(reader.read(Buffer.buffer(frame(new byte[10])))).contains(full);
  }

  @Test
  void anOversizedOrMalformedPrefixIsRefusedWithoutAskingTheBudget() {
    for (byte[] prefix :
        List.of(
            frame(0, MAX + 1, new byte[0]), frame(4, 1, new byte[0]), frame(1, 1, new byte[0]))) {
      List<Long> asked = new ArrayList<>();
      UnaryMessageReader reader =
          new UnaryMessageReader(
              MAX,
              "identity",
              bytes -> {
                asked.add(bytes);
                return Optional.empty();
              });
      assertThat(reader.read(Buffer.buffer(prefix))).isPresent();
      assertThat(asked).isEmpty();
    }
  }

  private static String verdict(List<byte[]> chunks, String encoding) {
    UnaryMessageReader reader = new UnaryMessageReader(MAX, encoding, bytes -> Optional.empty());
    for (byte[] chunk : chunks) {
      Optional<GrpcRefusal> refused = reader.read(Buffer.buffer(chunk));
      if (refused.isPresent()) {
        return refused.get().status().name() + " " + refused.get().reason();
      }
    }
    return reader
        .finish()
        .map(refused -> refused.status().name() + " " + refused.reason())
        .orElseGet(() -> ok(reader.compressed(), reader.message()));
  }

  private static String ok(boolean compressed, byte[] message) {
    return "OK compressed=" + compressed + " " + HexFormat.of().formatHex(message);
  }

  /** Cuts {@code body} at random places, empty chunks included (HTTP/2 allows empty DATA). */
  private static List<byte[]> split(byte[] body, SplittableRandom random) {
    List<byte[]> chunks = new ArrayList<>();
    int at = 0;
    while (at < body.length) {
      int size = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(Math.min(64, body.length - at));
      chunks.add(Arrays.copyOfRange(body, at, at + size));
      at += size;
    }
    return chunks;
  }

  private static byte[] randomBytes(SplittableRandom random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
