package dev.hopscope.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.auth.TestCertificates;
import dev.hopscope.server.tls.ListenerCertificates.Outcome;
import io.vertx.core.Future;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a listener's files are re-read, what reaches the listener, and what is kept. */
class ListenerCertificatesTest {
  @TempDir static Path certificates;
  private static TestCertificates.Issued first;
  private static TestCertificates.Issued second;

  @TempDir Path dir;
  private Path cert;
  private Path key;
  private final List<ServerSSLOptions> applied = new ArrayList<>();
  private ListenerCertificates files;

  @BeforeAll
  static void make() {
    TestCertificates ca = TestCertificates.make(certificates, "reload");
    first = ca.server("first", "first");
    second = ca.server("second", "second");
  }

  @BeforeEach
  void serveFirst() throws Exception {
    cert = Files.copy(first.cert(), dir.resolve("cert.pem"));
    key = Files.copy(first.key(), dir.resolve("key.pem"));
    files =
        new ListenerCertificates("http", cert, key, Optional.empty(), "tls.certFile and keyFile");
    files.listening(
        options -> {
          applied.add(options);
          return Future.succeededFuture(true);
        });
  }

  private String served() {
    return files.served().leaf().getSubjectX500Principal().getName();
  }

  private void write(Path source, Path target, int secondsLater) throws Exception {
    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    // A distinct modification time however coarse the file system's clock.
    Files.setLastModifiedTime(
        target,
        FileTime.fromMillis(
            Files.getLastModifiedTime(target).toMillis() + secondsLater * 1000L + 1000));
  }

  @Test
  void untouchedFilesAreNotReadAgain() {
    assertThat(files.check()).isEqualTo(Outcome.UNCHANGED);
    assertThat(files.check()).isEqualTo(Outcome.UNCHANGED);
    assertThat(applied).isEmpty();
  }

  @Test
  void newFilesAreServedOnceTheyStandStill() throws Exception {
    write(second.cert(), cert, 1);
    assertThat(files.check()).isEqualTo(Outcome.SETTLING);
    write(second.key(), key, 2); // the pair's second half, a moment later
    assertThat(files.check()).isEqualTo(Outcome.SETTLING);
    assertThat(served()).isEqualTo("CN=first");
    assertThat(files.check()).isEqualTo(Outcome.RELOADED);
    assertThat(served()).isEqualTo("CN=second");
    assertThat(applied).hasSize(1);
    assertThat(files.check()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void aFileRewrittenWithTheSameBytesIsNotAReload() throws Exception {
    write(first.cert(), cert, 1);
    assertThat(files.check()).isEqualTo(Outcome.SETTLING);
    assertThat(files.check()).isEqualTo(Outcome.UNCHANGED);
    assertThat(applied).isEmpty();
  }

  @Test
  void aBrokenRenewalKeepsTheOldCertificateIsReportedOnceAndAFixIsTaken() throws Exception {
    write(second.cert(), cert, 1); // the new certificate with the old key
    files.check();
    assertThat(files.check()).isEqualTo(Outcome.FAILED);
    assertThat(served()).isEqualTo("CN=first");
    assertThat(applied).isEmpty();
    write(second.cert(), cert, 2); // rewritten, same bytes: judged already
    files.check();
    assertThat(files.check()).isEqualTo(Outcome.UNCHANGED);
    write(second.key(), key, 3); // the fix
    files.check();
    assertThat(files.check()).isEqualTo(Outcome.RELOADED);
    assertThat(served()).isEqualTo("CN=second");
  }

  @Test
  void aMissingFileKeepsTheOldCertificate() throws Exception {
    Files.delete(key);
    files.check();
    assertThat(files.check()).isEqualTo(Outcome.FAILED);
    assertThat(served()).isEqualTo("CN=first");
  }

  @Test
  void whenTheListenerRefusesTheNewOptionsTheOldOnesStay() throws Exception {
    files.listening(options -> Future.failedFuture("no"));
    write(second.cert(), cert, 1);
    write(second.key(), key, 1);
    files.check();
    assertThat(files.check()).isEqualTo(Outcome.FAILED);
    assertThat(served()).isEqualTo("CN=first");
  }
}
