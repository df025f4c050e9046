package dev.hopscope.store.embedded;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchHints;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.codec.Tables;
import java.util.ArrayList;
import java.util.List;

/**
 * Search hints compiled for one source: evaluates the span hints on a row and returns the bit mask
 * of the hints the row satisfies, and the trace hints on a trace's extent once all its parts are
 * seen. Meaning follows {@link dev.hopscope.store.SearchHints} exactly; for blocks the strings are
 * resolved to dictionary indexes once, so rows compare integers.
 */
final class HintProgram {
  private final List<SearchHint> hints;
  private final long minTraceDuration;

  HintProgram(List<SearchHint> all) {
    List<SearchHint> spanHints = new ArrayList<>();
    long minDuration = Long.MIN_VALUE;
    for (SearchHint hint : all) {
      if (hint instanceof SearchHint.MinTraceDuration min) {
        minDuration = Math.max(minDuration, min.nanos());
      } else {
        spanHints.add(hint);
      }
    }
    if (spanHints.size() > 30) {
      throw new IllegalArgumentException(
          "a search takes at most 30 span hints; received "
              + spanHints.size()
              + ". Drop the least selective");
    }
    this.hints = List.copyOf(spanHints);
    this.minTraceDuration = minDuration;
  }

  /**
   * True when a whole trace, from its earliest start to its latest end, satisfies the trace hints;
   * only for a trace every part of which has been seen.
   */
  boolean traceMayMatch(long start, long end) {
    return end - start >= minTraceDuration;
  }

  int fullMask() {
    return (1 << hints.size()) - 1;
  }

  int evaluate(SpanBatch batch, int row) {
    int mask = 0;
    for (int i = 0; i < hints.size(); i++) {
      if (matches(hints.get(i), batch, row)) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  /** True when the row satisfies every hint: stops at the first it fails. */
  boolean matchesAll(SpanBatch batch, int row) {
    for (SearchHint hint : hints) {
      if (!matches(hint, batch, row)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(SearchHint hint, SpanBatch batch, int row) {
    return switch (hint) {
      case SearchHint.ServiceName service ->
          batch.resource(row).serviceName().equals(service.name());
      case SearchHint.SpanName name -> batch.name(row).equals(name.name());
      case SearchHint.Status status -> batch.statusCode(row) == status.code();
      case SearchHint.MinSpanDuration min -> batch.durationNanos(row) >= min.nanos();
      case SearchHint.MaxSpanDuration max -> batch.durationNanos(row) <= max.nanos();
      case SearchHint.MinTraceDuration trace -> true; // kept apart by the constructor
      case SearchHint.AttributeEquals equals -> {
        if (equals.scope() != SearchHint.Scope.RESOURCE) {
          for (int i = 0; i < batch.attributeCount(row); i++) {
            if (batch.attributeKey(row, i).equals(equals.key())
                && SearchHints.valueMatches(equals.value(), batch.attributeValue(row, i))) {
              yield true;
            }
          }
        }
        yield equals.scope() != SearchHint.Scope.SPAN
            && SearchHints.valueMatches(
                equals.value(), batch.resource(row).attributes().get(equals.key()));
      }
    };
  }

  /** The hints compiled against one block's tables and summary. */
  BlockProgram forBlock(Block block) {
    return new BlockProgram(block);
  }

  final class BlockProgram {
    private final int possible;
    private final boolean[][] resourceMatches;
    private final int[] stringIndexes;
    private final int[] stringValueIndexes;

    private BlockProgram(Block block) {
      int mask = 0;
      for (int i = 0; i < hints.size(); i++) {
        if (possible(hints.get(i), block)) {
          mask |= 1 << i;
        }
      }
      possible = mask;
      resourceMatches = new boolean[hints.size()][];
      stringIndexes = new int[hints.size()];
      stringValueIndexes = new int[hints.size()];
      if (mask == 0) {
        return;
      }
      Tables tables = block.tables();
      String[] services = null;
      for (int i = 0; i < hints.size(); i++) {
        switch (hints.get(i)) {
          case SearchHint.ServiceName service -> {
            services = services != null ? services : tables.serviceNames();
            boolean[] matches = new boolean[services.length];
            for (int r = 0; r < services.length; r++) {
              matches[r] = services[r].equals(service.name());
            }
            resourceMatches[i] = matches;
          }
          case SearchHint.SpanName name -> stringIndexes[i] = tables.indexOf(name.name());
          case SearchHint.AttributeEquals equals -> {
            stringIndexes[i] = tables.indexOf(equals.key());
            resourceMatches[i] = tables.resourcesWith(equals.key(), equals.value());
            // A string value compares as a dictionary index; absent from the dictionary, no span
            // attribute of this block can equal it.
            stringValueIndexes[i] =
                equals.value() instanceof AttributeValue.StringValue string
                    ? tables.indexOf(string.value())
                    : NOT_A_STRING;
          }
          default -> {}
        }
      }
    }

    /** Hints that some row of the block could satisfy, by its summary and zone map. */
    int possibleMask() {
      return possible;
    }

    int evaluate(RowGroup rows, int row) {
      int mask = 0;
      for (int i = 0; i < hints.size(); i++) {
        if ((possible & (1 << i)) != 0 && matches(i, rows, row)) {
          mask |= 1 << i;
        }
      }
      return mask;
    }

    /**
     * True when the row satisfies every hint, stopping at the first it fails; only for a block
     * where every hint is possible ({@link #possibleMask} full).
     */
    boolean matchesAll(RowGroup rows, int row) {
      for (int i = 0; i < hints.size(); i++) {
        if (!matches(i, rows, row)) {
          return false;
        }
      }
      return true;
    }

    private boolean spanAttributeEquals(
        int i, SearchHint.AttributeEquals equals, RowGroup rows, int row) {
      int value = stringValueIndexes[i];
      if (value == NOT_A_STRING) {
        return rows.spanAttributeEquals(row, stringIndexes[i], equals.value());
      }
      return value >= 0 && rows.spanAttributeEqualsString(row, stringIndexes[i], value);
    }

    private boolean matches(int i, RowGroup rows, int row) {
      return switch (hints.get(i)) {
        case SearchHint.ServiceName service -> resourceMatches[i][rows.resourceIndex(row)];
        case SearchHint.SpanName name -> rows.nameIndex(row) == stringIndexes[i];
        case SearchHint.Status status -> rows.statusCode(row) == status.code();
        case SearchHint.MinSpanDuration min ->
            rows.endNanos(row) - rows.startNanos(row) >= min.nanos();
        case SearchHint.MaxSpanDuration max ->
            rows.endNanos(row) - rows.startNanos(row) <= max.nanos();
        case SearchHint.MinTraceDuration trace -> true; // kept apart by the constructor
        case SearchHint.AttributeEquals equals ->
            (equals.scope() != SearchHint.Scope.RESOURCE
                    && stringIndexes[i] >= 0
                    && spanAttributeEquals(i, equals, rows, row))
                || (equals.scope() != SearchHint.Scope.SPAN
                    && resourceMatches[i][rows.resourceIndex(row)]);
      };
    }
  }

  private static final int NOT_A_STRING = -2;

  private static boolean possible(SearchHint hint, Block block) {
    return switch (hint) {
      case SearchHint.ServiceName service -> block.services().contains(service.name());
      case SearchHint.SpanName name -> block.hasOperation(name.name());
      case SearchHint.Status status -> block.hasStatus(status.code());
      case SearchHint.MinSpanDuration min -> block.maxDuration() >= min.nanos();
      case SearchHint.MaxSpanDuration max -> block.minDuration() <= max.nanos();
      case SearchHint.MinTraceDuration trace -> true; // kept apart by the constructor
      case SearchHint.AttributeEquals equals ->
          (equals.scope() != SearchHint.Scope.RESOURCE
                  && block.spanAttributeKeys().contains(equals.key()))
              || (equals.scope() != SearchHint.Scope.SPAN
                  && block.resourceAttributeKeys().contains(equals.key()));
    };
  }
}
