package dev.hopscope.store.object;

import java.io.IOException;
import java.nio.file.Path;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into messages an operator can act on: what, where, and what to change. */
final class StorageErrors {
  private final ObjectStorageConfig config;

  StorageErrors(ObjectStorageConfig config) {
    this.config = config;
  }

  ObjectStorageException of(String operation, String key, SdkException e) {
    String where = operation + " " + location(key);
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code =
          service.awsErrorDetails() == null
              ? ""
              : String.valueOf(service.awsErrorDetails().errorCode());
      String said =
          service.awsErrorDetails() == null
              ? e.getMessage()
              : service.awsErrorDetails().errorMessage();
      return new ObjectStorageException(
          where + " failed: " + status + " " + code + " (" + said + "); " + fix(status, code, key),
          status,
          e);
    }
    return new ObjectStorageException(
        where
            + " failed: "
            + e.getMessage()
            + "; check that objectStorage.endpoint "
            + config.endpoint().map(Object::toString).orElse("(AWS S3)")
            + " is reachable from this host and the service is running",
        0,
        e);
  }

  private String fix(int status, String code, String key) {
    String bucket = config.bucket();
    if (code.equals("NoSuchBucket") || (status == 404 && key.isEmpty())) {
      return "create bucket " + bucket + " or set objectStorage.bucket to an existing one";
    }
    if (status == 403
        || code.equals("InvalidAccessKeyId")
        || code.equals("SignatureDoesNotMatch")
        || code.equals("AccessDenied")) {
      return "check objectStorage.accessKey and secretKey, and that they may read, write, list and"
          + " delete in bucket "
          + bucket;
    }
    if (status == 301
        || code.equals("AuthorizationHeaderMalformed")
        || code.equals("PermanentRedirect")) {
      return "set objectStorage.region to the region bucket "
          + bucket
          + " is in (now "
          + config.region()
          + ")";
    }
    if (status == 400 && !config.pathStyle()) {
      return "if this is MinIO, Ceph or s3proxy, set objectStorage.pathStyle=true";
    }
    if (status == 404) {
      return "the object is gone; a compactor or retention may have removed it, the next listing"
          + " will no longer name it";
    }
    if (status == 416) {
      return "the object is shorter than its meta.json says; it was replaced by a different"
          + " upload under the same block id";
    }
    if (status == 503 || status == 429 || code.equals("SlowDown")) {
      return "the service is throttling; the request was retried, try again later or spread load";
    }
    if (status >= 500) {
      return "the service failed; the request was retried, check the service's health";
    }
    return "see the service's documentation for " + code;
  }

  ObjectStorageException shortRead(String key, String range, int got) {
    return new ObjectStorageException(
        "GET "
            + range
            + " "
            + location(key)
            + " returned "
            + got
            + " bytes; the object is shorter than its meta.json says (replaced under the same"
            + " block id?)",
        416,
        null);
  }

  ObjectStorageException local(String operation, String key, Path file, IOException e) {
    return new ObjectStorageException(
        operation
            + " "
            + location(key)
            + " to "
            + file
            + " failed locally: "
            + e.getMessage()
            + "; check the cache directory's free space and permissions",
        0,
        e);
  }

  private String location(String key) {
    return "s3://" + config.bucket() + "/" + key;
  }
}
