package dev.hopscope.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a user installs it: the archive unpacked into an empty directory, nothing else
 * from the build, started from there with its own launcher.
 */
class ReleaseArchiveIT {
  private static final Pattern UI = Pattern.compile("UI and APIs\\s+(http://\\S+)");

  @TempDir static Path unpacked;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("hopscope.releaseArchive"));
    assertThat(archive).exists();
    assertThat(run(unpacked, List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString())))
        .isZero();
    try (Stream<Path> top = Files.list(unpacked)) {
      List<Path> dirs = top.toList();
      assertThat(dirs).as("one top directory, hopscope-<version>").hasSize(1);
      home = dirs.get(0);
    }
    assertThat(home.getFileName().toString()).startsWith("hopscope-");
  }

  @Test
  void holdsTheLauncherTheJarTheConfigTheUnitAndTheDocs() {
    assertThat(home.resolve("bin/hopscope")).isExecutable();
    assertThat(home.resolve("bin/find-java.sh")).isRegularFile();
    assertThat(home.resolve("lib/hopscope.jar")).isRegularFile();
    assertThat(home.resolve("conf/hopscope.yaml")).content().contains("#retention: \"7d\"");
    assertThat(home.resolve("systemd/hopscope.service"))
        .content()
        .contains("ExecStart=/opt/hopscope/bin/hopscope serve --config");
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("docs/cluster.md")).isRegularFile();
  }

  @Test
  void theLocalClusterNamesTheArchiveHoldingKafkaAndS3proxy(@TempDir Path workDir)
      throws Exception {
    Result cluster =
        execute(
            home,
            List.of(
                "bin/hopscope",
                "cluster",
                "--any-ports",
                "--data-dir",
                workDir.resolve("cluster").toString()));
    assertThat(cluster.exit()).isEqualTo(1);
    assertThat(cluster.output())
        .contains(home.resolve("lib/cluster").toString())
        .contains("unpack hopscope-<version>-local-cluster.tar.gz over the release directory");
  }

  @Test
  void theLocalClusterArchiveAddsKafkaAndS3proxyBesideTheJar(@TempDir Path both) throws Exception {
    for (String archive :
        List.of(
            System.getProperty("hopscope.releaseArchive"),
            System.getProperty("hopscope.localClusterArchive"))) {
      assertThat(run(both, List.of("tar", "-xzf", archive, "-C", both.toString()))).isZero();
    }
    Path installed = both.resolve(home.getFileName());
    assertThat(installed.resolve("lib/hopscope.jar")).isRegularFile();
    assertThat(installed.resolve("lib/cluster/s3proxy.jar")).isRegularFile();
    try (Stream<Path> kafka = Files.list(installed.resolve("lib/cluster/kafka"))) {
      assertThat(kafka.map(jar -> jar.getFileName().toString()))
          .anyMatch(name -> name.startsWith("kafka_2.13-") && name.endsWith(".jar"))
          .anyMatch(name -> name.startsWith("kafka-clients-"));
    }
  }

  @Test
  void theShippedConfigIsValidAsIs() throws Exception {
    assertThat(run(home, List.of("bin/hopscope", "config", "check", "conf/hopscope.yaml")))
        .isZero();
  }

  @Test
  void theJarStartsOnItsOwnAsZipkinsDoes() throws Exception {
    assertThat(run(home, List.of(java(), "-jar", "lib/hopscope.jar", "--version"))).isZero();
  }

  @Test
  void servesFromTheUnpackedDirectory(@TempDir Path workDir) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/hopscope").toString(),
                "serve",
                "--data-dir",
                workDir.resolve("data").toString(),
                "--otlp-grpc-port",
                "0",
                "--otlp-http-port",
                "0",
                "--zipkin-port",
                "0",
                "--http-port",
                "0")
            .directory(workDir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process server = builder.start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      String ui = null;
      StringBuilder seen = new StringBuilder();
      for (String line = out.readLine(); line != null && ui == null; line = out.readLine()) {
        seen.append(line).append('\n');
        Matcher matcher = UI.matcher(line);
        if (matcher.find()) {
          ui = matcher.group(1);
        }
      }
      assertThat(ui).as("the UI address in the output:\n%s", seen).isNotNull();
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(ui + "health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(workDir.resolve("data")).isDirectory();
    } finally {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int run(Path dir, List<String> command) throws IOException, InterruptedException {
    Result result = execute(dir, command);
    if (result.exit() != 0) {
      System.err.println(command + " exited " + result.exit() + ":\n" + result.output());
    }
    return result.exit();
  }

  private record Result(int exit, String output) {}

  private static Result execute(Path dir, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in 120 s:\n" + output);
    }
    return new Result(process.exitValue(), output);
  }
}
