package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The time range every view shares ({@code js/time-range.js} and {@code <hs-range-picker>}), as
 * {@link UiModulesIT} tests the other modules: imported in headless Chromium from the server, under
 * its CSP, one test per behaviour. The clock is an argument, so windows are exact.
 */
class TimeRangeModulesIT extends ModuleTests {
  private static final String MODULE = "time-range.js";
  private static final String PICKER = "../components/range-picker.js";

  /** 2026-12-06T13:00:00Z, "now" for the presets. */
  private static final long NOW = 1_796_562_000L;

  private static final String ERROR_OF =
      "const errorOf = (f) => { try { f(); return null; } catch (e) { return e.message; } };";

  private static JsonNode window(String query) {
    return run(MODULE, "m.timeWindow(new URLSearchParams('" + query + "'), " + NOW + ".7)");
  }

  @Test
  void aPresetIsTheWindowUpToAMinuteAfterNow() {
    JsonNode out =
        run(
            MODULE,
            "['15m', '1h', '6h', '24h', '7d'].map((r) => m.timeWindow(new URLSearchParams({range:"
                + " r}), "
                + NOW
                + ".7))");
    long[] seconds = {900, 3600, 6 * 3600, 24 * 3600, 7 * 24 * 3600};
    for (int i = 0; i < seconds.length; i++) {
      assertThat(out.get(i).get("start").asText()).isEqualTo(String.valueOf(NOW - seconds[i]));
      assertThat(out.get(i).get("end").asText()).isEqualTo(String.valueOf(NOW + 60));
    }
    // No range (or only half a custom window) is the last hour, as every view has always shown.
    assertThat(window("").toString()).isEqualTo(out.get(1).toString());
    assertThat(window("start=1796558400").toString()).isEqualTo(out.get(1).toString());
  }

  @Test
  void aCustomWindowIsReadAsTheServersApiReadsIt() {
    assertThat(window("start=1796558400&end=1796562000").toString())
        .isEqualTo("{\"start\":\"1796558400\",\"end\":\"1796562000\"}");
    // Milliseconds, nanoseconds and RFC 3339 by magnitude and form; a fraction of a second widens
    // the window (start down, end up) so no span at its edges is lost.
    assertThat(window("start=1796558400123&end=1796562000000000001").toString())
        .isEqualTo("{\"start\":\"1796558400\",\"end\":\"1796562001\"}");
    assertThat(window("start=2026-12-06T12:00:00Z&end=2026-12-06T14:00:00.5%2B01:00").toString())
        .isEqualTo("{\"start\":\"1796558400\",\"end\":\"1796562001\"}");
  }

  @Test
  void aBrokenAddressIsRefusedNamingTheParameterAndTheFix() {
    JsonNode out =
        run(
            MODULE,
            "(() => { "
                + ERROR_OF
                + " return [errorOf(() => m.readRange(new URLSearchParams('start=abc&end=1'))),"
                + " errorOf(() => m.readRange(new URLSearchParams('start=1796562000&end=1796558400'))),"
                + " m.readRange(new URLSearchParams('range=2h'))]; })()");
    assertThat(out.get(0).asText())
        .isEqualTo(
            "start=\"abc\" in the address is not a time; use epoch seconds (start=1765000000)"
                + " or RFC 3339 (start=2026-12-06T13:00:00Z), or pick a preset");
    assertThat(out.get(1).asText())
        .isEqualTo(
            "end=1796558400 is before start=1796562000 in the address; swap them or pick a preset");
    // An unknown preset still shows something, and says what it shows instead.
    assertThat(out.get(2).toString())
        .isEqualTo(
            "{\"preset\":\"1h\",\"note\":\"range=2h is not a preset; showing the last hour"
                + " (presets: 15m, 1h, 6h, 24h, 7d)\"}");
  }

  @Test
  void aCustomWindowTypedWrongSaysWhichInputAndHow() {
    JsonNode out =
        run(
            MODULE,
            "[['', '2026-12-06T13:00'], ['2026-12-06T13:00', '2026-12-06T12:59:59'],"
                + " ['2026-02-30T10:00', '2026-12-06T13:00'], ['2026-12-06T12:00', 'noon']]"
                + ".map(([a, b]) => { try { m.customRange(a, b); return null; }"
                + " catch (e) { return [e.input, e.message]; } })");
    assertThat(out.toString())
        .isEqualTo(
            "[[\"from\",\"From is empty; pick a date and time, or choose a preset\"],"
                + "[\"to\",\"From (2026-12-06T13:00) must be before To (2026-12-06T12:59:59);"
                + " swap them or pick a preset\"],"
                + "[\"from\",\"From \\\"2026-02-30T10:00\\\" is not a date and time;"
                + " write e.g. 2026-12-06T13:00\"],"
                + "[\"to\",\"To \\\"noon\\\" is not a date and time; write e.g. 2026-12-06T13:00\"]]");
  }

  @Test
  void rangesRoundTripThroughTheUrlAndTheFromToInputs() {
    // Seeded: the same 200 windows every run, from 2001 to 2065, up to a year long.
    SplittableRandom random = new SplittableRandom(23);
    List<String> windows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long start = random.nextLong(1_000_000_000L, 3_000_000_000L);
      windows.add(
          "{start: " + start + ", end: " + (start + random.nextLong(1, 366 * 86400L)) + "}");
    }
    String ranges = "[{preset: '15m'}, {preset: '7d'}, " + String.join(", ", windows) + "]";
    JsonNode failures =
        run(
            MODULE,
            ranges
                + ".filter((r) => {"
                + " const url = new URLSearchParams(new URLSearchParams(m.rangeParams(r)).toString());"
                + " const back = m.readRange(url);"
                + " if (JSON.stringify(back) !== JSON.stringify(r)) return true;"
                + " if (r.preset) return false;"
                + " const typed = m.customRange(m.toLocalInput(r.start), m.toLocalInput(r.end));"
                + " return JSON.stringify(typed) !== JSON.stringify(r); })");
    assertThat(failures).isEmpty();
  }

  @Test
  void linksToOtherViewsCarryTheRangeParametersUntouched() {
    assertThat(
            text(
                MODULE,
                "m.carryRange(new URLSearchParams('q=x&start=2026-12-06T12:00:00Z&end=1796562000"
                    + "&order=gap'), new URLSearchParams('edge=a,b')).toString()"))
        .isEqualTo("edge=a%2Cb&start=2026-12-06T12%3A00%3A00Z&end=1796562000");
  }

  // <hs-range-picker>

  private static JsonNode picker(String body) {
    return run(
        PICKER,
        "(() => { const p = document.createElement('hs-range-picker');"
            + " p.setAttribute('apply', ''); document.body.append(p);"
            + " const changes = []; p.addEventListener('range-change', () => changes.push(p.urlParams()));"
            + " try { "
            + body
            + " } finally { p.remove(); } })()");
  }

  @Test
  void thePickerGivesAnUntouchedCustomWindowBackAsTheAddressWroteIt() {
    JsonNode out =
        picker(
            "p.show(new URLSearchParams('start=2026-12-06T12:00:00Z&end=1796562000'));"
                + " return [p.select.value, p.custom.hidden, p.urlParams()];");
    assertThat(out.toString())
        .isEqualTo(
            "[\"custom\",false,{\"start\":\"2026-12-06T12:00:00Z\",\"end\":\"1796562000\"}]");
  }

  @Test
  void thePickerAppliesAPresetAtOnceAndACustomWindowOnlyWhenItIsOne() {
    JsonNode out =
        picker(
            "p.show(new URLSearchParams('range=1h'));"
                + " p.select.value = '6h'; p.select.dispatchEvent(new Event('change'));"
                + " p.select.value = 'custom'; p.select.dispatchEvent(new Event('change'));"
                + " const prefilled = [p.from.value !== '', p.to.value !== '', p.custom.hidden];"
                + " p.from.value = p.to.value; p.querySelector('[data-testid=range-apply]').click();"
                + " const refused = [p.message.textContent.includes('must be before To'),"
                + " p.to.getAttribute('aria-invalid')];"
                + " p.from.value = '2026-12-06T12:00'; p.to.value = '2026-12-06T13:00';"
                + " p.querySelector('[data-testid=range-apply]').click();"
                + " return [changes.length, changes[0], prefilled, refused, p.message.textContent];");
    assertThat(out.get(0).asInt()).isEqualTo(2);
    assertThat(out.get(1).toString()).isEqualTo("{\"range\":\"6h\"}");
    assertThat(out.get(2).toString()).isEqualTo("[true,true,false]");
    assertThat(out.get(3).toString()).isEqualTo("[true,\"true\"]");
    assertThat(out.get(4).asText()).isEmpty();
  }

  @Test
  void thePickerShowsTextFromTheAddressAsText() {
    JsonNode out =
        picker(
            "p.show(new URLSearchParams({range: '<img src=x onerror=alert(1)>'}));"
                + " return [p.message.textContent, p.querySelectorAll('img').length,"
                + " p.select.value];");
    assertThat(out.get(0).asText())
        .startsWith("range=<img src=x onerror=alert(1)> is not a preset");
    assertThat(out.get(1).asInt()).isZero();
    assertThat(out.get(2).asText()).isEqualTo("1h");
  }
}
