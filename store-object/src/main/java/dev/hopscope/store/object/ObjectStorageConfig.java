package dev.hopscope.store.object;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the bucket is and how to reach it. One shape for every S3-compatible service:
 *
 * <ul>
 *   <li>AWS S3: no endpoint, the bucket's region, {@code pathStyle=false}
 *   <li>MinIO, Ceph RGW, s3proxy: {@code endpoint=http://host:port}, {@code pathStyle=true}
 *   <li>Google Cloud Storage (S3 interoperability, HMAC keys): {@code
 *       endpoint=https://storage.googleapis.com}, {@code region=auto}
 * </ul>
 *
 * <p>Without keys the client uses the SDK's default credential chain (environment, system
 * properties, profile, container and instance roles).
 *
 * @param endpoint empty for AWS S3; otherwise the service's base URL
 * @param pathStyle true: {@code http://host/bucket/key} (MinIO, Ceph, s3proxy); false: {@code
 *     http://bucket.host/key} (AWS)
 */
public record ObjectStorageConfig(
    Optional<URI> endpoint,
    String region,
    String bucket,
    boolean pathStyle,
    Optional<String> accessKey,
    Optional<String> secretKey) {

  // S3's rules for new buckets: 3-63 characters, lower-case letters, digits, dots and hyphens,
  // starting and ending with a letter or digit.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public ObjectStorageConfig {
    if (endpoint == null) {
      throw new IllegalArgumentException(
          "objectStorage.endpoint must be given or empty (for AWS S3); received null");
    }
    endpoint.ifPresent(ObjectStorageConfig::requireHttpEndpoint);
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          "objectStorage.region is empty; set the bucket's region (e.g. us-east-1; any value for"
              + " MinIO, Ceph or s3proxy; auto for Google Cloud Storage)");
    }
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException(
          "objectStorage.bucket \""
              + bucket
              + "\" is not a valid bucket name; use 3-63 lower-case letters, digits, dots and"
              + " hyphens, starting and ending with a letter or digit");
    }
    if (accessKey == null || secretKey == null) {
      throw new IllegalArgumentException(
          "objectStorage.accessKey and secretKey must be given or empty; received null");
    }
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new IllegalArgumentException(
          "objectStorage."
              + (accessKey.isPresent() ? "secretKey" : "accessKey")
              + " is missing; set both accessKey and secretKey, or neither to use the default"
              + " credential chain");
    }
    if (accessKey.filter(String::isBlank).isPresent()
        || secretKey.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException(
          "objectStorage.accessKey and secretKey must not be blank; leave both out to use the"
              + " default credential chain");
    }
  }

  private static void requireHttpEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "objectStorage.endpoint \""
              + endpoint
              + "\" is not an http(s) URL with a host; write e.g. http://127.0.0.1:9000, or leave"
              + " it out for AWS S3");
    }
    if (endpoint.getRawPath() != null
        && !endpoint.getRawPath().isEmpty()
        && !endpoint.getRawPath().equals("/")) {
      throw new IllegalArgumentException(
          "objectStorage.endpoint \""
              + endpoint
              + "\" has a path; give only scheme, host and port, and the bucket in"
              + " objectStorage.bucket");
    }
  }

  /** A service at {@code endpoint} with path-style addressing and fixed keys (MinIO, s3proxy). */
  public static ObjectStorageConfig pathStyle(
      URI endpoint, String bucket, String accessKey, String secretKey) {
    return new ObjectStorageConfig(
        Optional.of(endpoint),
        "us-east-1",
        bucket,
        true,
        Optional.of(accessKey),
        Optional.of(secretKey));
  }

  /** The same service and keys, another bucket. */
  public ObjectStorageConfig withBucket(String otherBucket) {
    return new ObjectStorageConfig(endpoint, region, otherBucket, pathStyle, accessKey, secretKey);
  }

  /** Never prints the secret key (configuration is logged at start-up). */
  @Override
  public String toString() {
    return "ObjectStorageConfig[endpoint="
        + endpoint.map(URI::toString).orElse("(AWS S3)")
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", pathStyle="
        + pathStyle
        + ", accessKey="
        + accessKey.orElse("(default chain)")
        + ", secretKey="
        + (secretKey.isPresent() ? "****" : "(default chain)")
        + "]";
  }
}
