package dev.hopscope.otlp;

import dev.hopscope.model.SpanBatch;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts dropped spans by reason and keeps the first few messages. A request with thousands of
 * broken spans yields a short answer: the first messages show the pattern, the counts the extent.
 */
final class Rejections {
  static final int MAX_MESSAGES = 3;

  private final Map<RejectReason, Integer> byReason = new EnumMap<>(RejectReason.class);
  private final List<String> messages = new ArrayList<>(MAX_MESSAGES);
  private int total;

  void reject(RejectReason reason, String message) {
    rejectMany(reason, 1, message);
  }

  void rejectMany(RejectReason reason, int spans, String message) {
    if (spans <= 0) {
      return;
    }
    byReason.merge(reason, spans, Integer::sum);
    total += spans;
    if (messages.size() < MAX_MESSAGES) {
      messages.add(message);
    }
  }

  int total() {
    return total;
  }

  DecodeResult result(SpanBatch accepted) {
    if (total == 0) {
      return DecodeResult.allAccepted(accepted);
    }
    StringBuilder text = new StringBuilder();
    text.append(String.join(" | ", messages));
    int unshown = total - messages.size();
    if (unshown > 0) {
      text.append(" | and ").append(unshown).append(" more (by reason: ");
      List<String> counts = new ArrayList<>();
      byReason.forEach((reason, count) -> counts.add(reason.label() + "=" + count));
      text.append(String.join(", ", counts)).append(')');
    }
    String details = text.toString();
    String summary =
        total + (total == 1 ? " span" : " spans") + " rejected, " + accepted.size() + " accepted. ";
    return new DecodeResult(accepted, total, summary + details, byReason, details);
  }
}
