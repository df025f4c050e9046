package dev.hopscope.server.api.compat;

import dev.hopscope.query.metrics.Exemplar;
import dev.hopscope.query.metrics.MetricsResult;
import dev.hopscope.query.metrics.SeriesLabel;
import dev.hopscope.query.metrics.TimeSeries;
import dev.hopscope.query.traceql.Value;
import java.nio.charset.StandardCharsets;

/**
 * Tempo's metrics answers in binary protobuf ({@code Accept: application/protobuf}), field for
 * field as {@link TempoMetricsJson} writes them in JSON: {@code QueryRangeResponse} (series 1,
 * metrics 2, status 3, message 4; a series' labels 1, samples 2, promLabels 3, exemplars 4) and
 * {@code QueryInstantResponse} (series 1 with labels 1 and value 2).
 */
final class TempoMetricsProtobuf {
  private TempoMetricsProtobuf() {}

  static byte[] range(MetricsResult result) {
    ProtoBytes out = new ProtoBytes();
    for (TimeSeries each : result.series()) {
      ProtoBytes series = new ProtoBytes();
      labels(series, each.labels());
      for (int i = 0; i < each.size(); i++) {
        if (!Double.isNaN(each.value(i))) {
          series.message(
              2,
              new ProtoBytes()
                  .fixed64(1, Double.doubleToRawLongBits(each.value(i)), false)
                  .varint(2, result.request().timestampNanos(i) / 1_000_000, false));
        }
      }
      series.string(3, each.promLabels());
      for (Exemplar exemplar : each.exemplars()) {
        ProtoBytes e = new ProtoBytes();
        labels(e, exemplar.labels());
        e.fixed64(2, Double.doubleToRawLongBits(exemplar.value()), false)
            .varint(3, exemplar.timestampMs(), false);
        series.message(4, e);
      }
      out.message(1, series);
    }
    return tail(out, result);
  }

  static byte[] instant(MetricsResult result) {
    ProtoBytes out = new ProtoBytes();
    for (TimeSeries each : result.series()) {
      ProtoBytes series = new ProtoBytes();
      labels(series, each.labels());
      series.fixed64(2, Double.doubleToRawLongBits(each.value(0)), false);
      series.string(3, each.promLabels());
      out.message(1, series);
    }
    return tail(out, result);
  }

  private static byte[] tail(ProtoBytes out, MetricsResult result) {
    out.message(
        2,
        new ProtoBytes()
            .varint(1, result.inspectedTraces(), false)
            .varint(4, 1, false)
            .varint(5, 1, false)
            .varint(7, result.inspectedSpans(), false));
    result.stoppedBy().ifPresent(reason -> out.varint(3, 1, false).string(4, reason));
    return out.toByteArray();
  }

  private static void labels(ProtoBytes out, Iterable<SeriesLabel> labels) {
    for (SeriesLabel label : labels) {
      ProtoBytes any = new ProtoBytes();
      // Oneof members are written even at their default value: presence is the type.
      switch (label.value()) {
        case Value.IntValue i -> any.varint(3, i.value(), true);
        case Value.FloatValue f -> any.fixed64(4, Double.doubleToRawLongBits(f.value()), true);
        case Value.BoolValue b -> any.varint(2, b.value() ? 1 : 0, true);
        default -> any.bytes(1, label.text().getBytes(StandardCharsets.UTF_8), true);
      }
      out.message(1, new ProtoBytes().string(1, label.name()).message(2, any));
    }
  }
}
