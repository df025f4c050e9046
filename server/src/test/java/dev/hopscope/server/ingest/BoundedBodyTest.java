package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
  @Test
  void aDeclaredLengthIsFilledInPlaceAndHandedOverWithoutACopy() {
    byte[] sent = bytes(100_000, 1);
    BoundedBody.BodyBytes body = new BoundedBody.BodyBytes(sent.length);
    byte[] first = appendInChunks(body, sent, 7);
    assertThat(first).isEqualTo(sent);
    assertThat(body.bytes()).isSameAs(first);
  }

  @Test
  void aChunkedBodyGrowsToWhateverArrives() {
    byte[] sent = bytes(70_001, 2);
    assertThat(appendInChunks(new BoundedBody.BodyBytes(-1), sent, 3)).isEqualTo(sent);
  }

  @Test
  void aLengthDeclaredShortOrLongStillYieldsTheBytesThatCame() {
    byte[] sent = bytes(5_000, 3);
    assertThat(appendInChunks(new BoundedBody.BodyBytes(1_000), sent, 4)).isEqualTo(sent);
    assertThat(appendInChunks(new BoundedBody.BodyBytes(9_000), sent, 5)).isEqualTo(sent);
    assertThat(appendInChunks(new BoundedBody.BodyBytes(0), sent, 6)).isEqualTo(sent);
  }

  @Test
  void aHugeDeclaredLengthReservesNoMoreThanTheCap() {
    BoundedBody.BodyBytes body = new BoundedBody.BodyBytes(1L << 40);
    body.append(Buffer.buffer(new byte[] {1, 2, 3}));
    assertThat(body.bytes()).containsExactly(1, 2, 3);
    assertThat(body.length()).isEqualTo(3);
  }

  private static byte[] appendInChunks(BoundedBody.BodyBytes body, byte[] sent, long seed) {
    Random random = new Random(seed);
    int at = 0;
    while (at < sent.length) {
      int size = Math.min(sent.length - at, 1 + random.nextInt(16_384));
      byte[] chunk = new byte[size];
      System.arraycopy(sent, at, chunk, 0, size);
      body.append(Buffer.buffer(chunk));
      at += size;
    }
    return body.bytes();
  }

  private static byte[] bytes(int length, long seed) {
    byte[] out = new byte[length];
    new Random(seed).nextBytes(out);
    return out;
  }
}
