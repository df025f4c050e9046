package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RpcStatusTest {
  /** A refusal names what the sender sent: quotes, backslashes and control characters included. */
  @Test
  void jsonStatusCarriesAnyMessageExactly() {
    String message = "name \"GET /a\\b\" is\tover\nthe limit \u0001 ü";

    JsonObject status = new JsonObject(RpcStatus.json(RpcStatus.INVALID_ARGUMENT, message, null));

    assertThat(status.getInteger("code")).isEqualTo(3);
    assertThat(status.getString("message")).isEqualTo(message);
    assertThat(status.containsKey("details")).isFalse();
  }

  @Test
  void jsonStatusSaysWhenToRetryAsGoogleRpcRetryInfo() {
    String json = RpcStatus.json(RpcStatus.UNAVAILABLE, "busy", Duration.ofSeconds(5));

    assertThat(json)
        .isEqualTo(
            "{\"code\":14,\"message\":\"busy\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"5s\"}]}");
  }
}
