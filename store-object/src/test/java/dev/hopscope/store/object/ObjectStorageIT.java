package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object operations against a real S3 API (s3proxy), and the errors users see. */
class ObjectStorageIT {
  @TempDir static Path serverDirectory;
  private static S3ProxyProcess s3proxy;
  private static final AtomicInteger buckets = new AtomicInteger();

  @TempDir Path directory;
  private ObjectStorage storage;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    s3proxy = S3ProxyProcess.start(serverDirectory);
  }

  @AfterAll
  static void stopS3Proxy() {
    if (s3proxy != null) {
      s3proxy.close();
    }
  }

  @BeforeEach
  void newBucket() {
    storage = s3proxy.newBucket("storage-" + buckets.incrementAndGet());
  }

  @AfterEach
  void closeClient() {
    storage.close();
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void putsGetsRangesListsAndDeletes() throws Exception {
    byte[] data = randomBytes(100_000, 1);
    storage.put("acme/blocks/b1/data", data, "application/octet-stream");
    Path file = directory.resolve("file");
    Files.write(file, randomBytes(5_000, 2));
    storage.put("acme/blocks/b2/data", file);
    ObjectStorage.RequestCounts before = storage.requestCounts();

    assertThat(storage.get("acme/blocks/b1/data"))
        .hasValueSatisfying(got -> assertThat(got).isEqualTo(data));
    assertThat(storage.getRange("acme/blocks/b1/data", 99_990, 10))
        .isEqualTo(Arrays.copyOfRange(data, 99_990, 100_000));
    assertThat(storage.getRange("acme/blocks/b1/data", 0, 1)).containsExactly(data[0]);
    assertThat(storage.get("acme/blocks/missing")).isEmpty();
    Path downloaded = directory.resolve("downloaded");
    assertThat(storage.download("acme/blocks/b2/data", downloaded)).isEqualTo(5_000);
    assertThat(Files.readAllBytes(downloaded)).isEqualTo(Files.readAllBytes(file));
    ObjectStorage.RequestCounts counted = storage.requestCounts().minus(before);
    assertThat(counted.gets()).isEqualTo(3);
    assertThat(counted.rangedGets()).isEqualTo(2);

    assertThat(storage.list("acme/blocks/"))
        .containsExactly(
            new ObjectStorage.ObjectInfo("acme/blocks/b1/data", 100_000),
            new ObjectStorage.ObjectInfo("acme/blocks/b2/data", 5_000));
    assertThat(storage.listPrefixes("")).containsExactly("acme");
    assertThat(storage.listPrefixes("acme/blocks/")).containsExactly("b1", "b2");
    assertThat(storage.exists("acme/blocks/b1/data")).isTrue();
    storage.delete("acme/blocks/b1/data");
    storage.delete("acme/blocks/b1/data");
    assertThat(storage.exists("acme/blocks/b1/data")).isFalse();
    assertThat(storage.list("acme/"))
        .extracting(ObjectStorage.ObjectInfo::key)
        .containsExactly("acme/blocks/b2/data");
  }

  @Test
  void listingFollowsEveryPage() {
    for (int i = 0; i < 25; i++) {
      storage.put(String.format("t/blocks/%03d/meta.json", i), new byte[] {1}, "application/json");
    }
    long lists = storage.requestCounts().lists();
    assertThat(storage.list("t/blocks/", 10)).hasSize(25);
    assertThat(storage.requestCounts().lists() - lists).isEqualTo(3);
  }

  @Test
  void putIfAbsentWritesOnceAndKeepsTheFirstContent() {
    String key = "acme/blocks/b1/meta.json";
    assertThat(
            storage.putIfAbsent(key, "first".getBytes(StandardCharsets.UTF_8), "application/json"))
        .isTrue();
    assertThat(
            storage.putIfAbsent(key, "second".getBytes(StandardCharsets.UTF_8), "application/json"))
        .isFalse();
    assertThat(storage.get(key))
        .hasValueSatisfying(
            got -> assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("first"));
  }

  /**
   * The finding RATIONALE.md reports: s3proxy 4.0.0's filesystem backend honours {@code
   * If-None-Match: *} atomically (it links the uploaded temp file to the key, which fails when the
   * key exists), so of racing writers exactly one wins and its content stays.
   */
  @Test
  void racingConditionalPutsLetExactlyOneWriterWin() throws Exception {
    String key = "acme/blocks/race/meta.json";
    int writers = 8;
    List<Callable<Boolean>> puts = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      byte[] content = ("writer " + i).getBytes(StandardCharsets.UTF_8);
      puts.add(() -> storage.putIfAbsent(key, content, "application/json"));
    }
    List<Integer> winners = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<Boolean>> results = pool.invokeAll(puts);
      for (int i = 0; i < writers; i++) {
        if (results.get(i).get()) {
          winners.add(i);
        }
      }
    }
    assertThat(winners).hasSize(1);
    assertThat(storage.get(key))
        .hasValueSatisfying(
            got ->
                assertThat(new String(got, StandardCharsets.UTF_8))
                    .isEqualTo("writer " + winners.getFirst()));
  }

  @Test
  void errorsNameTheBucketTheKeyAndTheFix() {
    try (ObjectStorage missing = ObjectStorage.create(s3proxy.config("no-such-bucket"))) {
      assertThatThrownBy(missing::checkBucket)
          .isInstanceOf(ObjectStorageException.class)
          .hasMessageContaining("s3://no-such-bucket/")
          .hasMessageContaining("create bucket no-such-bucket");
      assertThatThrownBy(() -> missing.put("k", new byte[1], "application/json"))
          .hasMessageContaining("PUT s3://no-such-bucket/k")
          .hasMessageContaining("set objectStorage.bucket");
    }
    storage.put("short", new byte[10], "application/octet-stream");
    assertThatThrownBy(() -> storage.getRange("short", 100, 10))
        .isInstanceOf(ObjectStorageException.class)
        .hasMessageContaining("s3://" + storage.bucket() + "/short")
        .hasMessageContaining("shorter than its meta.json says");
    // Port 1 (tcpmux) has no listener here and needs root to bind: connection refused.
    ObjectStorageConfig nowhere =
        ObjectStorageConfig.pathStyle(URI.create("http://127.0.0.1:1"), "bucket", "k", "s");
    try (ObjectStorage unreachable = ObjectStorage.create(nowhere)) {
      assertThatThrownBy(() -> unreachable.get("acme/blocks/b/meta.json"))
          .isInstanceOf(ObjectStorageException.class)
          .hasMessageContaining("GET s3://bucket/acme/blocks/b/meta.json")
          .hasMessageContaining("check that objectStorage.endpoint http://127.0.0.1:1 is reachable")
          .satisfies(e -> assertThat(((ObjectStorageException) e).status()).isZero());
    }
  }
}
