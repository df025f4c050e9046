package dev.hopscope.store.object;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real S3 API for tests: s3proxy (filesystem backend, no authorization) as a child process bound
 * to 127.0.0.1 port 0. The port is the one the child bound, read from the line Jetty prints when
 * its connector starts, so no "free port" is picked and raced for. Its jar comes from Maven
 * Central, copied to {@code target/s3proxy/} by the build (system property {@code
 * hopscope.s3proxyJar}); it never joins the test classpath.
 *
 * <p>To copy the pattern for another server: start it on port 0, copy its output to a log file on a
 * daemon thread, complete a future from the line that names the bound port, fail fast with the log
 * path when the process exits first.
 */
public final class S3ProxyProcess implements AutoCloseable {
  // "Started ...ServerConnector@5e3a8624{HTTP/1.1, (http/1.1)}{127.0.0.1:41553}"
  private static final Pattern BOUND =
      Pattern.compile("Started \\S*ServerConnector@\\S+\\{.*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private S3ProxyProcess(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** The jar the build copied, or a message saying how to get it. */
  public static Path jar() {
    String property = System.getProperty("hopscope.s3proxyJar");
    if (property == null || !Files.isRegularFile(Path.of(property))) {
      throw new IllegalStateException(
          "s3proxy jar not found (hopscope.s3proxyJar="
              + property
              + "); run the test through ./mvnw verify, which copies"
              + " org.gaul:s3proxy:jar-with-dependencies to store-object/target/s3proxy/");
    }
    return Path.of(property);
  }

  /** Starts s3proxy keeping its buckets under {@code directory}; returns once it listens. */
  public static S3ProxyProcess start(Path directory) throws IOException {
    return start(directory, 0);
  }

  /**
   * As {@link #start(Path)} on a given port (0: any): a bucket that comes back where its clients
   * expect it, after {@link #close()}, for outage tests.
   */
  public static S3ProxyProcess start(Path directory, int listenPort) throws IOException {
    Path data = Files.createDirectories(directory.resolve("buckets"));
    Path properties = directory.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + listenPort,
            "s3proxy.authorization=none",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            ""));
    Path log = directory.resolve("s3proxy.log");
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Xmx256m",
            "-jar",
            jar().toString(),
            "--properties",
            properties.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("s3proxy-output").start(() -> copyOutput(process, log, port));
    try {
      int bound = port.get(60, TimeUnit.SECONDS);
      return new S3ProxyProcess(process, URI.create("http://127.0.0.1:" + bound), log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while s3proxy started", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("s3proxy did not start; its output is in " + log, e);
    }
  }

  private static void copyOutput(Process process, Path log, CompletableFuture<Integer> port) {
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        Matcher matcher = BOUND.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.parseInt(matcher.group(1)));
        }
      }
      port.completeExceptionally(new IOException("s3proxy exited before it printed its port"));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public Path log() {
    return log;
  }

  /** Path-style addressing and any keys (authorization is off). */
  public ObjectStorageConfig config(String bucket) {
    return ObjectStorageConfig.pathStyle(endpoint, bucket, "hopscope", "hopscope-secret");
  }

  /** A client for a new bucket, created. */
  public ObjectStorage newBucket(String bucket) {
    ObjectStorage storage = ObjectStorage.create(config(bucket));
    storage.createBucketIfAbsent();
    return storage;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
