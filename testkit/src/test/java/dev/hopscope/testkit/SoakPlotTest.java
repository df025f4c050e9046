package dev.hopscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The soak report: one self-contained page, three charts, readable in any locale. */
class SoakPlotTest {
  private static final List<SoakRun.Sample> SAMPLES =
      List.of(
          new SoakRun.Sample(0, 100_000_000, 2_000, 50, 1_000_000),
          new SoakRun.Sample(60, 120_000_000, 3_500, 52, 2_000_000),
          new SoakRun.Sample(120, 110_000_000, 2_500, 49, 2_500_000));

  @Test
  void threeChartsOfEverySampleAndNoScript() {
    String html = SoakPlot.html("soak 2h", SAMPLES);
    assertThat(count(html, "<svg")).isEqualTo(3);
    assertThat(html)
        .contains("Heap in use (MB)", "p99 of accepted requests (ms)", "Data directory (MB)")
        .contains("3 samples.")
        .doesNotContain("<script");
    Matcher polyline = Pattern.compile("points=\"([^\"]*)\"").matcher(html);
    while (polyline.find()) {
      assertThat(polyline.group(1).split(" ")).hasSize(SAMPLES.size());
    }
  }

  @Test
  void numbersUseDotsWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      String html = SoakPlot.html("soak", SAMPLES);
      Matcher polyline = Pattern.compile("points=\"([^\"]*)\"").matcher(html);
      assertThat(polyline.find()).isTrue();
      assertThat(polyline.group(1).split(" "))
          .allSatisfy(point -> assertThat(point).matches("\\d+\\.\\d,\\d+\\.\\d"));
    } finally {
      Locale.setDefault(before);
    }
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
