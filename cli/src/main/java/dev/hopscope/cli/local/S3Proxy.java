package dev.hopscope.cli.local;

import dev.hopscope.process.LoggedProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * s3proxy (filesystem backend, no authorization, loopback only) from its jar-with-dependencies
 * ({@code cli/target/cluster/s3proxy.jar}): the local cluster's S3 API. It binds the port it is
 * given (0: any) and the bound port is read from the line Jetty prints. Objects are plain files
 * under {@code <directory>/buckets/<bucket>/}, so what the bucket holds can be measured with {@code
 * du}. The store-object tests' {@code S3ProxyProcess} is the same launcher for test classpaths.
 */
public final class S3Proxy implements AutoCloseable {
  // "Started ...ServerConnector@5e3a8624{HTTP/1.1, (http/1.1)}{127.0.0.1:41553}"
  private static final Pattern BOUND =
      Pattern.compile("Started \\S*ServerConnector@\\S+\\{.*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");

  /** Any key works (authorization is off); the SDK wants one to sign with. */
  public static final String ACCESS_KEY = "hopscope";

  public static final String SECRET_KEY = "hopscope-secret";

  private final LoggedProcess process;
  private final URI endpoint;
  private final Path buckets;

  private S3Proxy(LoggedProcess process, URI endpoint, Path buckets) {
    this.process = process;
    this.endpoint = endpoint;
    this.buckets = buckets;
  }

  public static S3Proxy start(Path directory, Path jar, int port, List<String> jvmOptions)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "s3proxy's jar "
              + jar
              + " is missing; build it with ./mvnw package -DskipTests (the cli module copies it)");
    }
    Path buckets = Files.createDirectories(directory.resolve("buckets"));
    Path properties = directory.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=none",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + buckets.toAbsolutePath(),
            ""));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--properties", properties.toString()));
    LoggedProcess process =
        LoggedProcess.startInOwnSession(
            "s3proxy", command, Map.of(), directory.resolve("s3proxy.log"));
    var bound = process.watch(BOUND);
    process.follow();
    try {
      int boundPort = Integer.parseInt(process.await(bound, Duration.ofSeconds(90)).group(1));
      return new S3Proxy(process, URI.create("http://127.0.0.1:" + boundPort), buckets);
    } catch (IOException | RuntimeException e) {
      process.kill();
      throw e;
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Where the bucket {@code name}'s objects are, as files. */
  public Path bucketDirectory(String name) {
    return buckets.resolve(name);
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(10));
  }
}
