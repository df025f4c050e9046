package dev.hopscope.store.object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few object operations Hopscope needs, over the AWS SDK v2 S3 client with the JDK's
 * URLConnection transport. Every failure becomes an {@link ObjectStorageException} naming the
 * bucket, the key and the fix ({@link StorageErrors}). Requests are counted by kind, so tests and
 * benchmarks can say how many GETs a read cost.
 */
public final class ObjectStorage implements AutoCloseable {
  /** Requests made so far (SDK retries of one call count once). */
  public record RequestCounts(
      long gets, long rangedGets, long lists, long puts, long heads, long deletes) {
    /** Whole and ranged GETs together. */
    public long allGets() {
      return gets + rangedGets;
    }

    public RequestCounts minus(RequestCounts earlier) {
      return new RequestCounts(
          gets - earlier.gets,
          rangedGets - earlier.rangedGets,
          lists - earlier.lists,
          puts - earlier.puts,
          heads - earlier.heads,
          deletes - earlier.deletes);
    }
  }

  /** A listed object: its key and size in bytes. */
  public record ObjectInfo(String key, long size) {}

  private final ObjectStorageConfig config;
  private final S3Client s3;
  private final StorageErrors errors;
  private final AtomicLong gets = new AtomicLong();
  private final AtomicLong rangedGets = new AtomicLong();
  private final AtomicLong lists = new AtomicLong();
  private final AtomicLong puts = new AtomicLong();
  private final AtomicLong heads = new AtomicLong();
  private final AtomicLong deletes = new AtomicLong();

  private ObjectStorage(ObjectStorageConfig config, S3Client s3) {
    this.config = config;
    this.s3 = s3;
    this.errors = new StorageErrors(config);
  }

  /** A client for the configured bucket. Nothing is sent until the first call. */
  public static ObjectStorage create(ObjectStorageConfig config) {
    Objects.requireNonNull(config, "config");
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build())
            .region(Region.of(config.region()))
            .forcePathStyle(config.pathStyle())
            // Only the checksums S3 requires: the newer defaults send trailing CRCs in
            // aws-chunked bodies, which Google Cloud Storage and some MinIO/Ceph versions reject.
            // Our blocks carry their own CRC32C per chunk and per file.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    config.endpoint().ifPresent(builder::endpointOverride);
    if (config.accessKey().isPresent()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get())));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return new ObjectStorage(config, builder.build());
  }

  public String bucket() {
    return config.bucket();
  }

  public RequestCounts requestCounts() {
    return new RequestCounts(
        gets.get(), rangedGets.get(), lists.get(), puts.get(), heads.get(), deletes.get());
  }

  /** Checks the bucket exists and the keys may use it; the exception says what is wrong. */
  public void checkBucket() {
    heads.incrementAndGet();
    call("HEAD", "", () -> s3.headBucket(b -> b.bucket(bucket())));
  }

  /** Creates the bucket unless it exists (tests, the local cluster). */
  public void createBucketIfAbsent() {
    try {
      checkBucket();
    } catch (ObjectStorageException e) {
      if (e.status() != 404) {
        throw e;
      }
      puts.incrementAndGet();
      try {
        call("CREATE BUCKET", "", () -> s3.createBucket(b -> b.bucket(bucket())));
      } catch (ObjectStorageException raced) {
        // 409 BucketAlreadyOwnedByYou: another role created it since the HEAD (two
        // block-builders starting together in the local cluster); the bucket is there.
        if (raced.status() != 409) {
          throw raced;
        }
      }
    }
  }

  public void put(String key, byte[] bytes, String contentType) {
    puts.incrementAndGet();
    call(
        "PUT",
        key,
        () ->
            s3.putObject(
                b -> b.bucket(bucket()).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes)));
  }

  public void put(String key, Path file) {
    puts.incrementAndGet();
    call(
        "PUT",
        key,
        () ->
            s3.putObject(
                b -> b.bucket(bucket()).key(key).contentType("application/octet-stream"),
                RequestBody.fromFile(file)));
  }

  /**
   * Writes the object only if no object has the key ({@code If-None-Match: *}). Returns false when
   * one existed (412). A service that ignores the header overwrites and returns true: callers must
   * not depend on the answer for correctness (see RATIONALE.md).
   */
  public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
    puts.incrementAndGet();
    try {
      s3.putObject(
          b -> b.bucket(bucket()).key(key).contentType(contentType).ifNoneMatch("*"),
          RequestBody.fromBytes(bytes));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        return false;
      }
      throw errors.of("PUT (if absent)", key, e);
    } catch (SdkException e) {
      throw errors.of("PUT (if absent)", key, e);
    }
  }

  /** The whole object, or empty when no object has the key. */
  public Optional<byte[]> get(String key) {
    gets.incrementAndGet();
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw errors.of("GET", key, e);
    }
  }

  /** Bytes {@code [offset, offset + length)} of an object; fails unless all of them came back. */
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException(
          "range of " + length + " bytes at " + offset + " of " + key + ": both must be positive");
    }
    rangedGets.incrementAndGet();
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    byte[] bytes =
        call(
            "GET " + range,
            key,
            () -> s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key).range(range)).asByteArray());
    if (bytes.length != length) {
      throw errors.shortRead(key, range, bytes.length);
    }
    return bytes;
  }

  /** Downloads an object to {@code target}, which must not exist; returns its size. */
  public long download(String key, Path target) {
    gets.incrementAndGet();
    call("GET", key, () -> s3.getObject(b -> b.bucket(bucket()).key(key), target));
    try {
      return Files.size(target);
    } catch (IOException e) {
      throw errors.local("GET", key, target, e);
    }
  }

  /** True when an object has the key. */
  public boolean exists(String key) {
    heads.incrementAndGet();
    try {
      s3.headObject(b -> b.bucket(bucket()).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw errors.of("HEAD", key, e);
    } catch (SdkException e) {
      throw errors.of("HEAD", key, e);
    }
  }

  /** Every object whose key starts with {@code prefix}, in key order (all pages). */
  public List<ObjectInfo> list(String prefix) {
    return list(prefix, 1000);
  }

  /** As {@link #list(String)}, asking for at most {@code pageSize} keys per request. */
  List<ObjectInfo> list(String prefix, int pageSize) {
    List<ObjectInfo> out = new ArrayList<>();
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix).maxKeys(pageSize);
    while (true) {
      lists.incrementAndGet();
      ListObjectsV2Response response =
          call("LIST", prefix + "*", () -> s3.listObjectsV2(request.build()));
      for (S3Object object : response.contents()) {
        out.add(new ObjectInfo(object.key(), object.size()));
      }
      if (!Boolean.TRUE.equals(response.isTruncated())) {
        return out;
      }
      request.continuationToken(response.nextContinuationToken());
    }
  }

  /** The "directories" right under {@code prefix} (delimiter {@code /}), without the prefix. */
  public List<String> listPrefixes(String prefix) {
    List<String> out = new ArrayList<>();
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix).delimiter("/");
    while (true) {
      lists.incrementAndGet();
      ListObjectsV2Response response =
          call("LIST", prefix + "*/", () -> s3.listObjectsV2(request.build()));
      for (CommonPrefix common : response.commonPrefixes()) {
        String name = common.prefix().substring(prefix.length());
        out.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
      }
      if (!Boolean.TRUE.equals(response.isTruncated())) {
        return out;
      }
      request.continuationToken(response.nextContinuationToken());
    }
  }

  /** Deletes an object; deleting a missing key succeeds (S3 semantics). */
  public void delete(String key) {
    deletes.incrementAndGet();
    call("DELETE", key, () -> s3.deleteObject(b -> b.bucket(bucket()).key(key)));
  }

  private <T> T call(String operation, String key, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw errors.of(operation, key, e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
