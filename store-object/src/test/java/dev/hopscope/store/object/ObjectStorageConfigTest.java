package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad settings stop the start with the key, the value and the rule; secrets never print. */
class ObjectStorageConfigTest {
  private static ObjectStorageConfig config(String endpoint, String region, String bucket) {
    return new ObjectStorageConfig(
        Optional.ofNullable(endpoint).map(URI::create),
        region,
        bucket,
        true,
        Optional.of("key"),
        Optional.of("hunter2"));
  }

  @Test
  void acceptsTheShapesOfEveryService() {
    assertThat(config(null, "eu-west-1", "hopscope-blocks").endpoint()).isEmpty();
    assertThat(config("http://127.0.0.1:9000", "us-east-1", "a.b-c").bucket()).isEqualTo("a.b-c");
    assertThat(config("https://storage.googleapis.com", "auto", "abc").region()).isEqualTo("auto");
    assertThat(
            new ObjectStorageConfig(
                    Optional.empty(), "us-east-1", "abc", false, Optional.empty(), Optional.empty())
                .accessKey())
        .isEmpty();
  }

  @Test
  void rejectsBadBucketsEndpointsRegionsAndHalfKeys() {
    for (String bucket : new String[] {"ab", "Upper", "-start", "end-", "a..b", "under_score"}) {
      assertThatThrownBy(() -> config(null, "us-east-1", bucket))
          .as(bucket)
          .hasMessageContaining("objectStorage.bucket \"" + bucket + "\"")
          .hasMessageContaining("3-63 lower-case letters");
    }
    assertThatThrownBy(() -> config("ftp://host", "us-east-1", "abc"))
        .hasMessageContaining("objectStorage.endpoint \"ftp://host\" is not an http(s) URL");
    assertThatThrownBy(() -> config("http://host:9000/bucket", "us-east-1", "abc"))
        .hasMessageContaining("has a path");
    assertThatThrownBy(() -> config(null, " ", "abc")).hasMessageContaining("objectStorage.region");
    assertThatThrownBy(
            () ->
                new ObjectStorageConfig(
                    Optional.empty(),
                    "us-east-1",
                    "abc",
                    false,
                    Optional.of("key"),
                    Optional.empty()))
        .hasMessageContaining("objectStorage.secretKey is missing");
  }

  @Test
  void neverPrintsTheSecretKey() {
    String printed = config("http://127.0.0.1:9000", "us-east-1", "abc").toString();
    assertThat(printed).contains("accessKey=key").doesNotContain("hunter2").contains("****");
  }
}
