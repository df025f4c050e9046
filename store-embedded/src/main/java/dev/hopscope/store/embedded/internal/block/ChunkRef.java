package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;

/** Where a zstd-compressed chunk lives in a block file, its sizes and the CRC32C of its bytes. */
record ChunkRef(long offset, int compressedLength, int rawLength, int crc) {
  void writeTo(ByteSink out) {
    out.writeVarLong(offset).writeVarInt(compressedLength).writeVarInt(rawLength).writeInt(crc);
  }

  static ChunkRef readFrom(ByteSource in) {
    return new ChunkRef(in.readVarLong(), in.readVarInt(), in.readVarInt(), in.readInt());
  }
}
