package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;

/**
 * "Might this hold X?" over 128-bit keys (trace ids) or 64-bit hashes (attribute pairs). Both take
 * 16 bits and 11 probes per entry (~0.05% false positives). The attribute filters of row groups: a
 * search consults every row group of the store, ten thousand at 10 M spans, so at 1% a hundred
 * groups would be decoded for nothing. The trace-id filter of a block: a search judges a trace
 * whole only if no other block may hold a part of it, and a trace any other block's filter wrongly
 * claims is fetched whole (a row group decoded in each such block). At 1% over a dozen blocks, one
 * trace in nine was, and those fetches were half of a search that walks many traces ("traceDuration
 * > 500ms"); the filter costs 2 bytes per trace, about 0.1 byte per span. Keys are random or hashed
 * already; two mixes give the double-hashing probes. The probe count and size are stored with each
 * filter, so blocks written with other settings read as they were.
 */
public final class BloomFilter {
  private final long[] words;
  private final long bitCount;
  private final int hashes;

  private BloomFilter(long[] words, int hashes) {
    this.words = words;
    this.bitCount = (long) words.length * 64;
    this.hashes = hashes;
  }

  public static BloomFilter forTraceIds(long expectedTraces) {
    return sized(expectedTraces, 16, 11);
  }

  public static BloomFilter forAttributePairs(long expectedPairs) {
    return sized(expectedPairs, 16, 11);
  }

  private static BloomFilter sized(long entries, int bitsPerEntry, int hashes) {
    long bits = Math.max(64, entries * bitsPerEntry);
    return new BloomFilter(
        new long[(int) Math.min((bits + 63) / 64, Integer.MAX_VALUE - 8)], hashes);
  }

  public void addHash(long hash) {
    add(hash, ~hash);
  }

  public boolean mightContainHash(long hash) {
    return mightContain(hash, ~hash);
  }

  public void add(long high, long low) {
    long h1 = mix(high ^ Long.rotateLeft(low, 29));
    long h2 = mix(low + 0x9E3779B97F4A7C15L) | 1;
    for (int i = 0; i < hashes; i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, bitCount);
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  public boolean mightContain(long high, long low) {
    long h1 = mix(high ^ Long.rotateLeft(low, 29));
    long h2 = mix(low + 0x9E3779B97F4A7C15L) | 1;
    for (int i = 0; i < hashes; i++) {
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
    out.writeByte(hashes);
    out.writeVarInt(words.length);
    for (long word : words) {
      out.writeLong(word);
    }
  }

  public static BloomFilter readFrom(ByteSource in) {
    int hashes = in.readByte();
    if (hashes < 1 || hashes > 30) {
      throw new MalformedDataException("bloom filter with " + hashes + " probes");
    }
    int count = in.readVarInt();
    if (count <= 0 || count > in.remaining() / 8) {
      throw new MalformedDataException("bloom filter of " + count + " words");
    }
    long[] words = new long[count];
    for (int i = 0; i < count; i++) {
      words[i] = in.readLong();
    }
    return new BloomFilter(words, hashes);
  }
}
