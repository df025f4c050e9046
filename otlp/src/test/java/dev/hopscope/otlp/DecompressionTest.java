package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecompressionTest {
  private static final byte[] BODY = randomBytes(100_000);

  @Test
  void inflatesGzipDeflateAndZstd() throws IOException {
    assertThat(Decompression.inflate(gzip(BODY), "gzip", 1 << 20)).isEqualTo(BODY);
    assertThat(Decompression.inflate(gzip(BODY), " GZIP ", 1 << 20)).isEqualTo(BODY);
    assertThat(Decompression.inflate(deflate(BODY), "deflate", 1 << 20)).isEqualTo(BODY);
    assertThat(Decompression.inflate(Zstd.compress(BODY), "zstd", 1 << 20)).isEqualTo(BODY);
  }

  @Test
  void passesIdentityThrough() {
    assertThat(Decompression.inflate(BODY, null, 1 << 20)).isSameAs(BODY);
    assertThat(Decompression.inflate(BODY, "", 1 << 20)).isSameAs(BODY);
    assertThat(Decompression.inflate(BODY, "identity", 1 << 20)).isSameAs(BODY);
  }

  @Test
  void acceptsABodyOfExactlyTheLimit() throws IOException {
    assertThat(Decompression.inflate(gzip(BODY), "gzip", BODY.length)).isEqualTo(BODY);
    assertThatThrownBy(() -> Decompression.inflate(gzip(BODY), "gzip", BODY.length - 1))
        .isInstanceOfSatisfying(
            MalformedRequestException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.DECOMPRESSED_TOO_LARGE));
  }

  @Test
  void refusesAZstdBombWithoutInflatingIt() {
    byte[] bomb = Zstd.compress(new byte[64 << 20]);
    assertThat(bomb.length).isLessThan(16 << 10);

    assertThatThrownBy(() -> Decompression.inflate(bomb, "zstd", 1 << 20))
        .isInstanceOfSatisfying(
            MalformedRequestException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.DECOMPRESSED_TOO_LARGE))
        .hasMessageContaining("more than 1048576 bytes (limits.maxDecompressedBytes)");
  }

  @Test
  void refusesCorruptZstd() {
    assertThatThrownBy(() -> Decompression.inflate(new byte[] {1, 2, 3, 4, 5, 6}, "zstd", 1 << 20))
        .isInstanceOfSatisfying(
            MalformedRequestException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.CORRUPT_COMPRESSION))
        .hasMessageContaining("not valid zstd data");
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] randomBytes(int size) {
    byte[] out = new byte[size];
    new Random(7).nextBytes(out);
    // Half zeros, so that it compresses at all.
    for (int i = 0; i < size; i += 2) {
      out[i] = 0;
    }
    return out;
  }
}
