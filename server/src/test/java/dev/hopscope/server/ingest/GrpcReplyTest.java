package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GrpcReplyTest {
  @Test
  void grpcMessageKeepsPrintableAsciiAndPercentEncodesTheRestAsUtf8() {
    assertThat(GrpcReply.percentEncode("over the limit of 4194304 bytes; send smaller batches"))
        .isEqualTo("over the limit of 4194304 bytes; send smaller batches");
    assertThat(GrpcReply.percentEncode("100% \"ü\"\n~")).isEqualTo("100%25 \"%C3%BC\"%0A~");
  }
}
