package dev.hopscope.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed set of JSON member names (a {@link ZipkinJsonFastPath} object's fields), looked up by
 * length and last byte (distinct within each set), so one comparison confirms a name. Immutable; a
 * reader's guesses live in its own arrays.
 */
final class JsonMemberNames {
  private static final int MAX_LENGTH = 64;
  private final byte[][] names;
  private final int[] byLengthAndLastByte = new int[MAX_LENGTH * 128];

  JsonMemberNames(String... names) {
    this.names = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      this.names[i] = names[i].getBytes(StandardCharsets.US_ASCII);
    }
    Arrays.fill(byLengthAndLastByte, -1);
    for (int i = 0; i < this.names.length; i++) {
      byte[] name = this.names[i];
      int key = name.length * 128 + name[name.length - 1];
      if (byLengthAndLastByte[key] >= 0) {
        throw new IllegalStateException("names share a length and last byte: " + names[i]);
      }
      byLengthAndLastByte[key] = i;
    }
  }

  /** An array for a reader's guesses: the name that followed each name (and none) last time. */
  int[] newGuesses() {
    int[] guesses = new int[names.length + 1];
    Arrays.fill(guesses, -1);
    return guesses;
  }

  /**
   * Reads the next member's name and returns its index. Members come in the same order span after
   * span, so the name that followed {@code previous} (-1: the object's start) last time is tried
   * first, straight against the bytes. Unknown names fall back.
   */
  int read(JsonByteCursor in, int previous, int[] guesses) {
    int guess = guesses[previous + 1];
    if (guess >= 0 && in.nameIs(names[guess])) {
      return guess;
    }
    in.name();
    int length = in.length();
    int found =
        length > 0 && length < MAX_LENGTH
            ? byLengthAndLastByte[length * 128 + (in.lastByte() & 0x7F)]
            : -1;
    if (found < 0 || !in.is(names[found])) {
      throw JsonByteCursor.FALLBACK;
    }
    guesses[previous + 1] = found;
    return found;
  }
}
