package dev.hopscope.store.embedded.block;

import dev.hopscope.store.embedded.codec.ByteSink;
import dev.hopscope.store.embedded.codec.ByteSource;
import dev.hopscope.store.embedded.codec.MalformedDataException;

/**
 * Answers "might this block hold trace X?" with about 1% false positives at 10 bits per trace, so
 * that a trace-by-id lookup opens only the blocks that hold it. Trace ids are random already; two
 * mixes of the id give the double-hashing probes.
 */
public final class TraceIdBloomFilter {
  private static final int HASHES = 7;
  private static final int BITS_PER_TRACE = 10;

  private final long[] words;
  private final long bitCount;

  private TraceIdBloomFilter(long[] words) {
    this.words = words;
    this.bitCount = (long) words.length * 64;
  }

  /** A filter over hashed 64-bit keys (attribute pairs), same false-positive rate. */
  public void addHash(long hash) {
    add(hash, ~hash);
  }

  public boolean mightContainHash(long hash) {
    return mightContain(hash, ~hash);
  }

  public static TraceIdBloomFilter forTraces(long expectedTraces) {
    long bits = Math.max(64, expectedTraces * BITS_PER_TRACE);
    return new TraceIdBloomFilter(
        new long[(int) Math.min((bits + 63) / 64, Integer.MAX_VALUE - 8)]);
  }

  public void add(long high, long low) {
    long h1 = mix(high ^ Long.rotateLeft(low, 29));
    long h2 = mix(low + 0x9E3779B97F4A7C15L) | 1;
    for (int i = 0; i < HASHES; i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, bitCount);
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  public boolean mightContain(long high, long low) {
    long h1 = mix(high ^ Long.rotateLeft(low, 29));
    long h2 = mix(low + 0x9E3779B97F4A7C15L) | 1;
    for (int i = 0; i < HASHES; i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, bitCount);
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The murmur3 64-bit finaliser: spreads every input bit over the output. */
  private static long mix(long value) {
    value ^= value >>> 33;
    value *= 0xff51afd7ed558ccdL;
    value ^= value >>> 33;
    value *= 0xc4ceb9fe1a85ec53L;
    return value ^ (value >>> 33);
  }

  public void writeTo(ByteSink out) {
    out.writeVarInt(words.length);
    for (long word : words) {
      out.writeLong(word);
    }
  }

  public static TraceIdBloomFilter readFrom(ByteSource in) {
    int count = in.readVarInt();
    if (count <= 0 || count > in.remaining() / 8) {
      throw new MalformedDataException("bloom filter of " + count + " words");
    }
    long[] words = new long[count];
    for (int i = 0; i < count; i++) {
      words[i] = in.readLong();
    }
    return new TraceIdBloomFilter(words);
  }
}
