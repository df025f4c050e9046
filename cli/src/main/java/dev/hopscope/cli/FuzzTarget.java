package dev.hopscope.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * A Jazzer fuzz test in the source tree: module, class, method, and where its committed seeds are
 * ({@code src/test/resources/<package>/<Class>Inputs/<method>}, the layout Jazzer's JUnit
 * integration reads in regression mode).
 */
record FuzzTarget(String name, String module, String testClass, String method, boolean regexHook) {
  static final List<FuzzTarget> ALL =
      List.of(
          new FuzzTarget(
              "otlp-protobuf",
              "otlp",
              "dev.hopscope.otlp.fuzz.DecoderFuzzTest",
              "otlpProtobuf",
              true),
          new FuzzTarget(
              "otlp-json", "otlp", "dev.hopscope.otlp.fuzz.DecoderFuzzTest", "otlpJson", true),
          new FuzzTarget(
              "zipkin-json", "otlp", "dev.hopscope.otlp.fuzz.DecoderFuzzTest", "zipkinJson", true),
          // TraceQL's =~ compiles the user's regular expression by design.
          new FuzzTarget(
              "traceql", "query", "dev.hopscope.query.fuzz.TraceQlFuzzTest", "parse", false),
          new FuzzTarget(
              "block-mutated",
              "store-embedded",
              "dev.hopscope.store.embedded.BlockReaderFuzzTest",
              "mutatedBlock",
              true),
          new FuzzTarget(
              "block-resealed",
              "store-embedded",
              "dev.hopscope.store.embedded.BlockReaderFuzzTest",
              "resealedBlock",
              true));

  Path seeds(Path home) {
    int dot = testClass.lastIndexOf('.');
    return home.resolve(module)
        .resolve("src/test/resources")
        .resolve(testClass.substring(0, dot).replace('.', '/'))
        .resolve(testClass.substring(dot + 1) + "Inputs")
        .resolve(method);
  }
}
