package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.testing.SeededProperty;
import dev.hopscope.otlp.testing.RandomZipkinSpans;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import zipkin2.codec.SpanBytesEncoder;

/**
 * The fast path ({@link ZipkinJsonFastPath}) is an optimisation, never a change in answers: on
 * every body it takes, it gives the general reader's spans, field by field; everything else it
 * leaves to the general reader. Bodies come from Zipkin's own encoder (which the fast path must
 * take) and from those bodies with bytes changed (which it may take or leave, but never read
 * differently).
 */
class ZipkinFastPathTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();
  private static final long BASE_MICROS = 1_700_000_000_000_000L;

  /** A request body, shown as text when a property fails. */
  record Body(byte[] bytes) {
    static Body of(String json) {
      return new Body(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Plain valid spans, each spelled in a way the fast path reads itself. */
  private static final List<Body> TAKEN =
      List.of(
          Body.of("[]"),
          Body.of(" [ ] \n"),
          // 64-bit, short and upper-case ids; an empty and an all-zero parent; the parent equal
          // to the span itself.
          Body.of(
              """
              [{"traceId":"d269b633813fc60c","id":"1","parentId":"","timestamp":1},
               {"traceId":"5B8EFFF798038103D269B633813FC60C","id":"EEE19B7EC3C1B174",
                "parentId":"0000000000000000","timestamp":9223372036854775},
               {"traceId":"abc","id":"00a","parentId":"a","timestamp":1,"duration":0},
               {"traceId":"ffffffffffffffffffffffffffffffff","id":"ffffffffffffffff",
                "parentId":"8000000000000000","timestamp":1}]
              """),
          // Every escape JSON has, a surrogate pair spelled as escapes, raw UTF-8 of 2, 3 and 4
          // bytes, in names, keys, values, service names and annotations.
          Body.of(
              """
              [ { "traceId" : "1" , "id" : "2" , "timestamp" : 1 ,
                  "name" : "q\\"b\\\\s\\/b\\bf\\fn\\nr\\rt\\tu\\u00e9\\u2028\\ud83d\\ude00 ü漢😀",
                  "localEndpoint" : { "serviceName" : "s\\u00fcd" , "port" : 0 } ,
                  "annotations" : [ { "value" : "\\u0000x" , "timestamp" : 0 } ] ,
                  "tags" : { "k\\u00e9y" : "v\\"" , "😀" : "" , "" : "empty key" } } ]
              """),
          // Endpoints with every mix of fields, the top port, flags both ways.
          Body.of(
              """
              [{"traceId":"1","id":"2","timestamp":1,"kind":"SERVER","debug":false,"shared":true,
                "localEndpoint":{"serviceName":"","ipv4":"10.0.0.1","ipv6":"::1","port":65535},
                "remoteEndpoint":{"serviceName":"db","ipv6":"::2","port":1}},
               {"traceId":"1","id":"3","timestamp":1,"kind":"","debug":true,
                "localEndpoint":{},"remoteEndpoint":{"serviceName":""}}]
              """),
          // Status and scope tags, as Brave and as the OpenTelemetry exporter write them, and tag
          // names that our own namespace or an endpoint field already uses.
          Body.of(
              """
              [{"traceId":"1","id":"1","timestamp":1,"tags":{"error":"boom","otel.status_code":"ERROR",
                 "otel.status_description":"boom","otel.library.name":"lib","peer.service":"x",
                 "zipkin.tag.y":"z","network.peer.port":"1"}},
               {"traceId":"1","id":"2","timestamp":1,"tags":{"error":"","error":"true"}},
               {"traceId":"1","id":"3","timestamp":1,"tags":{"otel.status_code":"OK",
                 "otel.scope.name":"s","otel.scope.version":"1","a":"1","a":"2"}},
               {"traceId":"1","id":"4","timestamp":1,"kind":"CONSUMER","tags":{"otel.status_code":"UNSET"}}]
              """));

  /**
   * Tags that repeat, key and value, at the same place of the next span, and ones that almost do.
   */
  private static final Body REPEATED_TAGS =
      Body.of(
          """
          [{"traceId":"1","id":"1","timestamp":1,"tags":{"a":"1","error":"x","otel.scope.name":"s",
             "peer.service":"p"}},
           {"traceId":"1","id":"2","timestamp":1,"tags":{"a":"1","error":"x","otel.scope.name":"s",
             "peer.service":"p"}},
           {"traceId":"1","id":"3","timestamp":1,"tags":{"a":"12","error":"x\\"","otel.scope.name":"s"}},
           {"traceId":"1","id":"4","timestamp":1,"tags":{"a" : "1","b":"1","error":"x"}},
           {"traceId":"1","id":"5","timestamp":1,"tags":{"a":"1","b":"1","error":"x"}}]
          """);

  /** Valid or not, these are for the general reader: the fast path must hand them over. */
  private static final List<Body> LEFT =
      List.of(
          Body.of("\uFEFF[]"),
          Body.of("null"),
          Body.of("[] []"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"tags\":{\"n\":200}}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1.0}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":01}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":\"1\"}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"name\":null}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"duration\":-1}]"),
          Body.of("[{\"trace_id\":\"1\",\"id\":\"1\",\"timestamp\":1}]"),
          Body.of("[{\"tr\\u0061ceId\":\"1\",\"id\":\"1\",\"timestamp\":1}]"),
          Body.of("[{\"traceId\":\"1\",\"traceId\":\"2\",\"id\":\"1\",\"timestamp\":1}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"extra\":{}}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"name\":\"\\ud800\"}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"name\":\"a\tb\"}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"name\":\"\\x\"}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1},]"),
          Body.of("[{\"traceId\":\"0\",\"id\":\"1\",\"timestamp\":1}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"0\",\"timestamp\":1}]"),
          Body.of("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"kind\":\"client\"}]"),
          new Body(new byte[] {'[', '{', '"', 'a', (byte) 0xC3, '"', ':', '1', '}', ']'}),
          new Body(new byte[] {'[', 0, ']', 0}));

  @Test
  void takesPlainSpansAndReadsThemAsTheGeneralReaderDoes() {
    List<Body> taken = new java.util.ArrayList<>(TAKEN);
    taken.add(REPEATED_TAGS);
    SeededProperty.check(
        taken, 0, random -> TAKEN.getFirst(), body -> assertThat(agree(body)).isTrue());
  }

  @Test
  void leavesEverythingElseToTheGeneralReader() {
    SeededProperty.check(
        LEFT, 0, random -> LEFT.getFirst(), body -> assertThat(agree(body)).isFalse());
  }

  @Test
  void takesWhateverZipkinsOwnEncoderWrites() {
    SeededProperty.check(
        List.of(),
        1_000,
        ZipkinFastPathTest::zipkinEncoded,
        body -> assertThat(agree(body)).as("taken by the fast path").isTrue());
  }

  @Test
  void changedBytesAreReadAlikeOrLeftToTheGeneralReader() {
    int[] taken = new int[2];
    SeededProperty.check(
        List.of(),
        3_000,
        random -> mutate(zipkinEncoded(random), random),
        body -> taken[agree(body) ? 1 : 0]++);
    // Both outcomes must come up often, or the property checks less than it seems to.
    assertThat(Math.min(taken[0], taken[1])).as("left, taken: %s", taken).isGreaterThan(150);
  }

  @Test
  void leavesLongStringsToTheGeneralReaderWhateverTheLimit() {
    // Jackson refuses names over 50,000 bytes whatever our limit says; the fast path must not
    // take a tag key the general reader refuses, nor a value it must measure.
    IngestLimits generous = IngestLimits.builder().maxAttributeValueLength(1 << 20).build();
    String longText = "k".repeat(60_000);
    String span = "[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,";
    Body longKey = Body.of(span + "\"tags\":{\"" + longText + "\":\"v\"}}]");
    Body longValue = Body.of(span + "\"name\":\"" + longText + "\"}]");

    assertThat(agree(longKey, generous)).isFalse();
    assertThat(agree(longValue, generous)).isFalse();
    assertThat(agree(longValue, LIMITS)).isFalse();
  }

  /** Decodes with both readers and checks they agree when the fast path answers; true if it did. */
  private static boolean agree(Body body) {
    return agree(body, LIMITS);
  }

  private static boolean agree(Body body, IngestLimits limits) {
    DecodeResult fast = ZipkinJsonFastPath.decode(body.bytes(), limits);
    DecodeResult general;
    try {
      general = ZipkinJsonDecoder.decodeGeneral(body.bytes(), limits);
    } catch (MalformedRequestException refused) {
      assertThat(fast).as("the general reader refused it: %s", refused.getMessage()).isNull();
      return false;
    }
    if (fast == null) {
      return false;
    }
    assertThat(fast.rejectedSpans()).isZero();
    assertThat(fast.rejectedSpans()).isEqualTo(general.rejectedSpans());
    assertThat(fast.errorMessage()).isEqualTo(general.errorMessage());
    assertThat(fast.accepted().toSpans()).isEqualTo(general.accepted().toSpans());
    return true;
  }

  private static Body zipkinEncoded(SplittableRandom random) {
    return new Body(
        SpanBytesEncoder.JSON_V2.encodeList(
            new RandomZipkinSpans(random.nextLong(), BASE_MICROS).spans(1 + random.nextInt(6))));
  }

  private static final byte[] INTERESTING =
      "{}[],:\"\\ \n0123456789abcdefABCDEFnultrsx-+.eE/".getBytes(StandardCharsets.US_ASCII);

  /** One to three bytes replaced, removed or inserted, mostly with bytes that matter to JSON. */
  private static Body mutate(Body body, SplittableRandom random) {
    byte[] bytes = body.bytes();
    for (int edits = 1 + random.nextInt(3); edits > 0 && bytes.length > 0; edits--) {
      int at = random.nextInt(bytes.length);
      byte b =
          random.nextInt(8) == 0
              ? (byte) random.nextInt(256)
              : INTERESTING[random.nextInt(INTERESTING.length)];
      bytes =
          switch (random.nextInt(3)) {
            case 0 -> replace(bytes, at, b);
            case 1 -> splice(bytes, at, 1, new byte[0]);
            default -> splice(bytes, at, 0, new byte[] {b});
          };
    }
    return new Body(bytes);
  }

  private static byte[] replace(byte[] bytes, int at, byte b) {
    byte[] out = bytes.clone();
    out[at] = b;
    return out;
  }

  private static byte[] splice(byte[] bytes, int at, int removed, byte[] add) {
    byte[] out = new byte[bytes.length - removed + add.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(add, 0, out, at, add.length);
    System.arraycopy(bytes, at + removed, out, at + add.length, bytes.length - at - removed);
    return out;
  }
}
