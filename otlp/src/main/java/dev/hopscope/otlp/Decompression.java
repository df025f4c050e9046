package dev.hopscope.otlp;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Request body decompression with a hard output bound. Inflation reads into a buffer that never
 * grows past the limit: a zip bomb (a few KiB that inflate to gigabytes) is refused after at most
 * {@code maxDecompressedBytes + 1} bytes of output, never held in memory whole.
 */
public final class Decompression {
  private static final int CHUNK = 16 << 10;

  private Decompression() {}

  /**
   * The body decoded per its {@code Content-Encoding}: {@code gzip} (or {@code x-gzip}), {@code
   * deflate} (zlib), {@code zstd}; {@code identity}, empty or null leave it as is.
   *
   * @throws MalformedRequestException with {@link RejectReason#DECOMPRESSED_TOO_LARGE}, {@link
   *     RejectReason#CORRUPT_COMPRESSION} or {@link RejectReason#UNSUPPORTED_ENCODING}
   */
  public static byte[] inflate(
      byte[] body, @Nullable String contentEncoding, long maxDecompressedBytes) {
    String sent = contentEncoding == null ? "" : contentEncoding;
    String encoding = sent.trim().toLowerCase(Locale.ROOT);
    try {
      return switch (encoding) {
        case "", "identity" -> {
          checkDecompressedSize(body.length, maxDecompressedBytes);
          yield body;
        }
        case "gzip", "x-gzip" ->
            readBounded(
                new GZIPInputStream(new ByteArrayInputStream(body)),
                encoding,
                maxDecompressedBytes);
        case "deflate" ->
            readBounded(
                new InflaterInputStream(new ByteArrayInputStream(body)),
                encoding,
                maxDecompressedBytes);
        case "zstd" ->
            readBounded(
                new ZstdInputStream(new ByteArrayInputStream(body)),
                encoding,
                maxDecompressedBytes);
        default ->
            throw new MalformedRequestException(
                RejectReason.UNSUPPORTED_ENCODING,
                "Content-Encoding "
                    + MessageText.quote(sent)
                    + " is not supported; send the body uncompressed or with gzip, deflate or"
                    + " zstd");
      };
    } catch (IOException e) {
      throw new MalformedRequestException(
          RejectReason.CORRUPT_COMPRESSION,
          "request body is not valid "
              + encoding
              + " data ("
              + e.getMessage()
              + "); compress the body with "
              + encoding
              + " or drop the Content-Encoding header",
          e);
    }
  }

  /** {@link #inflate} after checking the wire size against {@code limits}. */
  public static byte[] inflate(byte[] body, String contentEncoding, IngestLimits limits) {
    checkCompressedSize(body.length, limits.maxCompressedBytes());
    return inflate(body, contentEncoding, limits.maxDecompressedBytes());
  }

  /**
   * Refuses a body larger than {@code maxCompressedBytes} as sent; the server calls this with the
   * Content-Length before reading the body.
   */
  public static void checkCompressedSize(long bodyBytes, long maxCompressedBytes) {
    if (bodyBytes > maxCompressedBytes) {
      throw new MalformedRequestException(
          RejectReason.BODY_TOO_LARGE,
          "request body is "
              + bodyBytes
              + " bytes, over the limit of "
              + maxCompressedBytes
              + " (limits.maxCompressedBytes); send smaller batches or raise the limit");
    }
  }

  static void checkDecompressedSize(long bodyBytes, long maxDecompressedBytes) {
    if (bodyBytes > maxDecompressedBytes) {
      throw tooLarge(maxDecompressedBytes);
    }
  }

  private static MalformedRequestException tooLarge(long maxDecompressedBytes) {
    return new MalformedRequestException(
        RejectReason.DECOMPRESSED_TOO_LARGE,
        "request body inflates to more than "
            + maxDecompressedBytes
            + " bytes (limits.maxDecompressedBytes); send smaller batches or raise the limit");
  }

  private static byte[] readBounded(InputStream in, String encoding, long max) throws IOException {
    try (in) {
      byte[] out = new byte[(int) Math.min(CHUNK, max + 1)];
      int size = 0;
      while (true) {
        if (size == out.length) {
          if (size > max) {
            throw tooLarge(max);
          }
          out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, max + 1));
        }
        int read = in.read(out, size, out.length - size);
        if (read < 0) {
          break;
        }
        size += read;
      }
      if (size > max) {
        throw tooLarge(max);
      }
      return Arrays.copyOf(out, size);
    } catch (RuntimeException e) {
      if (e instanceof MalformedRequestException) {
        throw e;
      }
      // zstd-jni reports corrupt frames as unchecked exceptions.
      throw new IOException(encoding + ": " + e.getMessage(), e);
    }
  }
}
