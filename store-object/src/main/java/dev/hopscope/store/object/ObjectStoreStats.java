package dev.hopscope.store.object;

/**
 * What an {@link ObjectTraceStore} has done so far, for {@code /metrics} and benchmarks.
 *
 * @param requests requests to the bucket by kind
 * @param cachedBlockBytes bytes of whole blocks in the local cache
 * @param blockDownloads whole blocks downloaded (a count that keeps rising on a warm reader means
 *     the cache is smaller than the blocks searches read)
 * @param cachedTails block tails held (memory and local disk)
 * @param corruptBlocks blocks whose bucket copy failed its checksums, no longer served
 * @param unreadableMetas meta objects that did not parse, whose blocks are not served
 */
public record ObjectStoreStats(
    ObjectStorage.RequestCounts requests,
    long cachedBlockBytes,
    long blockDownloads,
    int cachedTails,
    int corruptBlocks,
    int unreadableMetas) {}
