package dev.hopscope.store.object;

import dev.hopscope.store.TenantNames;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a block lives in the bucket:
 *
 * <pre>
 * &lt;tenant&gt;/blocks/&lt;blockId&gt;/data        the block file, byte for byte as the engine wrote it
 * &lt;tenant&gt;/blocks/&lt;blockId&gt;/meta.json   written last: the block exists for readers once this does
 * </pre>
 */
public final class BlockKeys {
  /** Block ids become key segments: a conservative alphabet every S3-compatible service accepts. */
  private static final Pattern BLOCK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  static final String DATA = "data";
  static final String META = "meta.json";

  private BlockKeys() {}

  /** The prefix every block object of a tenant starts with. */
  public static String blocksPrefix(String tenant) {
    return TenantNames.requireValid(tenant) + "/blocks/";
  }

  public static String dataKey(String tenant, String blockId) {
    return blocksPrefix(tenant) + requireValidId(blockId) + "/" + DATA;
  }

  public static String metaKey(String tenant, String blockId) {
    return blocksPrefix(tenant) + requireValidId(blockId) + "/" + META;
  }

  /** The block id of a meta object's key under {@code prefix}, or empty for any other key. */
  static Optional<String> blockIdOfMeta(String prefix, String key) {
    if (!key.startsWith(prefix) || !key.endsWith("/" + META)) {
      return Optional.empty();
    }
    String id = key.substring(prefix.length(), key.length() - META.length() - 1);
    return BLOCK_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /**
   * The id a block-builder gives the block of one partition's offsets {@code [first, last]}: {@code
   * p<partition, 4 digits>-<first, 20 digits>-<last, 20 digits>}. The same records give the same
   * id, so a builder that crashed and redoes its cycle rewrites the same keys instead of adding a
   * second copy; zero-padding makes key order offset order.
   */
  public static String forOffsets(int partition, long firstOffset, long lastOffset) {
    if (partition < 0 || partition > 9999) {
      throw new IllegalArgumentException(
          "partition " + partition + " is outside 0-9999, which block ids have room for");
    }
    if (firstOffset < 0 || lastOffset < firstOffset) {
      throw new IllegalArgumentException(
          "offsets ["
              + firstOffset
              + ", "
              + lastOffset
              + "] are not a range; the first must be >= 0 and <= the last");
    }
    return String.format("p%04d-%020d-%020d", partition, firstOffset, lastOffset);
  }

  public static String requireValidId(String blockId) {
    if (blockId == null || !BLOCK_ID.matcher(blockId).matches()) {
      throw new IllegalArgumentException(
          "block id \""
              + blockId
              + "\" is not valid; use 1-128 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
    return blockId;
  }
}
