package dev.hopscope.store.embedded;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Picks the {@code limit} traces of a window that start latest, reading blocks newest first and
 * stopping once no unread block can change the answer: after the head and the blocks with the
 * latest spans, every trace still unseen starts no later than the newest span of the next block
 * (the bound), so once {@code limit} seen traces start after the bound, and no unread block can
 * hold a part of them (their trace-id blooms say so), the rest of the window is never read. A seen
 * trace that an unread block might hold a part of is fetched whole for its true start. On a window
 * of an hour, a service graph's 20,000 latest traces come from the last few blocks instead of all.
 */
final class LatestTraces {
  /** A trace's id and the start it is ranked by. */
  record Ranked(TraceId id, long start) {}

  /** The traces chosen, latest first, and whether the window holds more. */
  record Choice(List<Ranked> traces, boolean capped) {}

  private LatestTraces() {}

  static Choice choose(
      Snapshot snapshot, TimeRange range, int limit, TraceFetcher.CorruptionHandler onCorrupt) {
    TraceScan scan = new TraceScan(range, true, new HintProgram(List.of()), snapshot.reads());
    for (HeadGeneration generation : snapshot.head()) {
      scan.scanHead(generation);
    }
    List<Block> blocks = new ArrayList<>();
    for (Block block : snapshot.blocks()) {
      if (block.overlaps(range)) {
        blocks.add(block);
      }
    }
    blocks.sort(Comparator.comparingLong(Block::maxStart).reversed());
    for (int next = 0; next <= blocks.size(); next++) {
      List<Block> unread = blocks.subList(next, blocks.size());
      long bound = unread.isEmpty() ? Long.MIN_VALUE : unread.get(0).maxStart();
      if (unread.isEmpty() || settled(scan, bound, unread, limit)) {
        return choice(snapshot, scan, range, bound, unread, limit, onCorrupt);
      }
      scan.scanBlock(unread.get(0));
    }
    throw new AssertionError("the loop returns once every block is read");
  }

  /** True when {@code limit} seen traces start after the bound and no unread block holds them. */
  private static boolean settled(TraceScan scan, long bound, List<Block> unread, int limit) {
    int after = 0;
    for (TraceScan.Seen seen : scan.seen().values()) {
      if (seen.inWindow && seen.minStart > bound) {
        after++;
      }
    }
    if (after < limit) {
      return false; // cheap count first: the bloom checks below are paid only near the end
    }
    int whole = 0;
    for (Map.Entry<TraceId, TraceScan.Seen> entry : scan.seen().entrySet()) {
      TraceScan.Seen seen = entry.getValue();
      if (seen.inWindow && seen.minStart > bound && !inAny(unread, entry.getKey())) {
        if (++whole >= limit) {
          return true;
        }
      }
    }
    return false;
  }

  private static Choice choice(
      Snapshot snapshot,
      TraceScan scan,
      TimeRange range,
      long bound,
      List<Block> unread,
      int limit,
      TraceFetcher.CorruptionHandler onCorrupt) {
    List<Ranked> ranked = new ArrayList<>();
    List<TraceId> partial = new ArrayList<>();
    scan.seen()
        .forEach(
            (id, seen) -> {
              if (!seen.inWindow || seen.minStart <= bound) {
                return; // outranked by `limit` whole traces that start after the bound
              }
              if (inAny(unread, id)) {
                partial.add(id);
              } else {
                ranked.add(new Ranked(id, seen.minStart));
              }
            });
    // An unread block may hold an earlier part: its true start decides, read from the whole trace.
    for (Map.Entry<TraceId, Trace> entry :
        TraceFetcher.fetch(snapshot, partial, onCorrupt).entrySet()) {
      long start = entry.getValue().startNanos();
      if (start > bound) {
        ranked.add(new Ranked(entry.getKey(), start));
      }
    }
    ranked.sort(Comparator.comparingLong(Ranked::start).reversed());
    boolean capped = ranked.size() > limit || (!unread.isEmpty() && bound >= range.startNanos());
    return new Choice(List.copyOf(ranked.subList(0, Math.min(limit, ranked.size()))), capped);
  }

  private static boolean inAny(List<Block> blocks, TraceId id) {
    for (Block block : blocks) {
      if (block.mightContain(id.high(), id.low())) {
        return true;
      }
    }
    return false;
  }
}
