package dev.hopscope.store;

import dev.hopscope.model.TraceId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A position in a result order: the sort key of the last trace returned (start time or duration,
 * per the order) and its id. Stable while ingest continues because it names a position, not an
 * offset.
 */
public record SearchCursor(long sortKey, TraceId traceId) {
  public SearchCursor {
    Objects.requireNonNull(traceId, "traceId");
  }

  /** Opaque text form for APIs: {@code <sortKey>-<traceId hex>}. */
  public String encode() {
    return Long.toString(sortKey) + "-" + traceId.toHex();
  }

  public static SearchCursor decode(@Nullable String text) {
    int dash = text == null ? -1 : text.lastIndexOf('-');
    if (text == null || dash <= 0) {
      throw new IllegalArgumentException(
          "cursor \""
              + text
              + "\" is not one this server issued; pass the cursor of a previous"
              + " response unchanged");
    }
    try {
      return new SearchCursor(
          Long.parseLong(text.substring(0, dash)), TraceId.fromHex(text.substring(dash + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cursor \""
              + text
              + "\" is not one this server issued; pass the cursor of a previous"
              + " response unchanged",
          e);
    }
  }
}
