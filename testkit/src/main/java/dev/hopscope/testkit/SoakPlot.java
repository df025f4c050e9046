package dev.hopscope.testkit;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Renders soak samples as one self-contained HTML page of inline SVG charts (no scripts). */
public final class SoakPlot {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 180;
  private static final int PAD = 48;

  private SoakPlot() {}

  public static String html(String title, List<SoakRun.Sample> samples) {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
        .append(title)
        .append("</title><style>body{font:14px sans-serif;margin:24px}")
        .append("svg{display:block;margin:8px 0 24px}</style></head><body><h1>")
        .append(title)
        .append("</h1><p>")
        .append(samples.size())
        .append(" samples.</p>");
    chart(page, "Heap in use (MB)", samples, s -> s.heapBytes() / 1e6);
    chart(page, "p99 of accepted requests (ms)", samples, s -> s.p99Micros() / 1e3);
    chart(page, "Data directory (MB)", samples, s -> s.diskBytes() / 1e6);
    return page.append("</body></html>\n").toString();
  }

  private static void chart(
      StringBuilder page,
      String label,
      List<SoakRun.Sample> samples,
      ToDoubleFunction<SoakRun.Sample> value) {
    double maxX = samples.stream().mapToDouble(SoakRun.Sample::elapsedSeconds).max().orElse(1);
    double maxY = samples.stream().mapToDouble(value).max().orElse(1);
    maxY = maxY <= 0 ? 1 : maxY * 1.1;
    page.append("<h2>").append(label).append("</h2>");
    page.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    int plotWidth = WIDTH - 2 * PAD;
    int plotHeight = HEIGHT - 2 * PAD / 2;
    page.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
            PAD,
            PAD / 2,
            PAD,
            PAD / 2 + plotHeight,
            PAD,
            PAD / 2 + plotHeight,
            PAD + plotWidth,
            PAD / 2 + plotHeight));
    page.append(
        String.format(
            Locale.ROOT,
            "<text x=\"2\" y=\"%d\" font-size=\"11\">%.1f</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"11\">0</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f s</text>",
            PAD / 2 + 10,
            maxY,
            PAD / 2 + plotHeight,
            PAD + plotWidth,
            HEIGHT - 2,
            maxX));
    StringBuilder points = new StringBuilder();
    for (SoakRun.Sample sample : samples) {
      double x = PAD + plotWidth * (maxX == 0 ? 0 : sample.elapsedSeconds() / maxX);
      double y = PAD / 2.0 + plotHeight * (1 - value.applyAsDouble(sample) / maxY);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    page.append("<polyline fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"2\" points=\"")
        .append(points.toString().trim())
        .append("\"/></svg>");
  }
}
