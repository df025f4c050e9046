package dev.hopscope.store.embedded.internal.block;

/**
 * The block file layout, version 1:
 *
 * <pre>
 * header   "HOPSBLKH" int version
 * chunks   zstd frames: per row group one chunk per column, then the tables chunk, then (since
 *          the cells were added) the span cells chunk
 * footer   version, counts, zone map, tables ref, row groups (sparse trace-id index, zone maps,
 *          column refs), trace-id bloom filter, summary, then optional tagged sections:
 *          varint 1 and the cells chunk ref
 * trailer  int footerLength, int footerCrc32c, int fileCrc32c (all bytes before it), "HOPSBLKT"
 * </pre>
 */
final class BlockFormat {
  static final byte[] HEADER_MAGIC = {'H', 'O', 'P', 'S', 'B', 'L', 'K', 'H'};
  static final byte[] TRAILER_MAGIC = {'H', 'O', 'P', 'S', 'B', 'L', 'K', 'T'};
  static final int VERSION = 1;
  static final int HEADER_BYTES = HEADER_MAGIC.length + 4;
  static final int TRAILER_BYTES = 12 + TRAILER_MAGIC.length;

  private BlockFormat() {}
}
