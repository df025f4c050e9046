package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.server.auth.TestCertificates;
import dev.hopscope.server.config.TlsConfig.Listener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS settings as a user writes them: what each listener serves, and every refusal's words. */
class TlsConfigTest {
  @TempDir static Path dir;
  private static TestCertificates ca;
  private static TestCertificates.Issued grpc;
  private static TestCertificates.Issued other;

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.make(dir, "config");
    grpc = ca.server("grpc", "grpc.hopscope.test");
    other = ca.server("other", "other.hopscope.test");
  }

  private static TlsConfig tls(Object... keysAndValues) {
    Map<Setting, String> flags = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      flags.put((Setting) keysAndValues[i], keysAndValues[i + 1].toString());
    }
    return ServerConfig.from(ConfigSources.of(flags, Map.of(), null)).auth().tls();
  }

  private static Path abs(Path file) {
    return file.toAbsolutePath().normalize();
  }

  @Test
  void withoutFilesEveryListenerIsPlainAsToday() {
    assertThat(tls().listeners()).isEmpty();
  }

  @Test
  void aListenersOwnPairWinsAndTheOthersFallBackToTheGlobalPair() {
    TlsConfig config =
        tls(
            Setting.TLS_CERT_FILE, ca.serverCert(),
            Setting.TLS_KEY_FILE, ca.serverKey(),
            Setting.TLS_OTLP_GRPC_CERT_FILE, grpc.cert(),
            Setting.TLS_OTLP_GRPC_KEY_FILE, grpc.key());
    assertThat(config.of(Listener.OTLP_GRPC).orElseThrow().certFile()).isEqualTo(abs(grpc.cert()));
    for (Listener listener : new Listener[] {Listener.OTLP_HTTP, Listener.ZIPKIN, Listener.HTTP}) {
      assertThat(config.of(listener).orElseThrow().certFile())
          .as(listener.key())
          .isEqualTo(abs(ca.serverCert()));
      assertThat(config.of(listener).orElseThrow().clientCaFile()).isEmpty();
    }
  }

  @Test
  void anOwnPairWithoutAGlobalOneTurnsTlsOnForThatListenerOnly() {
    TlsConfig config =
        tls(Setting.TLS_HTTP_CERT_FILE, grpc.cert(), Setting.TLS_HTTP_KEY_FILE, grpc.key());
    assertThat(config.listeners().keySet()).containsExactly(Listener.HTTP);
  }

  @Test
  void clientCertificatesAreRequiredOnTheReceiversNeverOnTheUiAndEachReceiverMayOptOut() {
    TlsConfig config =
        tls(
            Setting.TLS_CERT_FILE, ca.serverCert(),
            Setting.TLS_KEY_FILE, ca.serverKey(),
            Setting.TLS_CLIENT_AUTH, "required",
            Setting.TLS_CLIENT_CA_FILE, ca.caCert(),
            Setting.TLS_OTLP_HTTP_CLIENT_CA_FILE, other.cert(),
            Setting.TLS_ZIPKIN_CLIENT_AUTH, "none");
    assertThat(config.of(Listener.OTLP_GRPC).orElseThrow().clientCaFile())
        .hasValue(abs(ca.caCert()));
    assertThat(config.of(Listener.OTLP_HTTP).orElseThrow().clientCaFile())
        .hasValue(abs(other.cert()));
    assertThat(config.of(Listener.ZIPKIN).orElseThrow().clientCaFile()).isEmpty();
    assertThat(config.of(Listener.HTTP).orElseThrow().clientCaFile()).isEmpty();
  }

  @Test
  void halfAPairIsRefusedNamingTheMissingKey() {
    assertThatThrownBy(() -> tls(Setting.TLS_CERT_FILE, ca.serverCert()))
        .hasMessageStartingWith("tls.certFile = ")
        .hasMessageContaining("needs tls.keyFile too");
    assertThatThrownBy(() -> tls(Setting.TLS_OTLP_GRPC_KEY_FILE, grpc.key()))
        .hasMessageStartingWith("tls.otlpGrpc.keyFile = ")
        .hasMessageContaining("needs tls.otlpGrpc.certFile too");
  }

  @Test
  void aMissingOrUnreadableFileIsRefusedNamingItsKeyAndPath() {
    assertThatThrownBy(
            () ->
                tls(
                    Setting.TLS_CERT_FILE, ca.serverCert(),
                    Setting.TLS_KEY_FILE, dir.resolve("nope.key")))
        .hasMessageStartingWith("tls.keyFile = ")
        .hasMessageContaining("(from flag)")
        .hasMessageContaining("cannot read " + dir.resolve("nope.key").toAbsolutePath());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStart() {
    assertThatThrownBy(
            () ->
                tls(
                    Setting.TLS_ZIPKIN_CERT_FILE, grpc.cert(),
                    Setting.TLS_ZIPKIN_KEY_FILE, other.key()))
        .hasMessageStartingWith("tls.zipkin.keyFile = ")
        .hasMessageContaining("is not the key of the certificate in")
        .hasMessageContaining("CN=grpc.hopscope.test")
        .hasMessageContaining("replace both files");
  }

  @Test
  void filesThatAreNotPemAreRefusedSayingWhatTheyMustHold() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
    assertThatThrownBy(() -> tls(Setting.TLS_CERT_FILE, junk, Setting.TLS_KEY_FILE, ca.serverKey()))
        .hasMessageStartingWith("tls.certFile = ")
        .hasMessageContaining("BEGIN CERTIFICATE");
    assertThatThrownBy(
            () -> tls(Setting.TLS_CERT_FILE, ca.serverCert(), Setting.TLS_KEY_FILE, junk))
        .hasMessageStartingWith("tls.keyFile = ")
        .hasMessageContaining("PRIVATE KEY");
    assertThatThrownBy(
            () ->
                tls(
                    Setting.TLS_CERT_FILE,
                    ca.serverCert(),
                    Setting.TLS_KEY_FILE,
                    ca.serverKey(),
                    Setting.TLS_CLIENT_AUTH,
                    "required",
                    Setting.TLS_CLIENT_CA_FILE,
                    junk))
        .hasMessageStartingWith("tls.clientCaFile = ")
        .hasMessageContaining("BEGIN CERTIFICATE");
  }

  @Test
  void clientCertificatesWithoutTlsOrWithoutACaAreRefused() {
    assertThatThrownBy(
            () -> tls(Setting.TLS_CLIENT_AUTH, "required", Setting.TLS_CLIENT_CA_FILE, ca.caCert()))
        .hasMessageStartingWith("tls.clientAuth = \"required\"")
        .hasMessageContaining("needs TLS on otlpGrpc");
    assertThatThrownBy(
            () ->
                tls(
                    Setting.TLS_CERT_FILE, ca.serverCert(),
                    Setting.TLS_KEY_FILE, ca.serverKey(),
                    Setting.TLS_OTLP_HTTP_CLIENT_AUTH, "required"))
        .hasMessageStartingWith("tls.otlpHttp.clientAuth = \"required\"")
        .hasMessageContaining("set tls.clientCaFile (or tls.otlpHttp.clientCaFile)");
    assertThatThrownBy(() -> tls(Setting.TLS_CLIENT_AUTH, "optional"))
        .hasMessageContaining("must be none or required");
  }

  @Test
  void aClientCaThatNoReceiverUsesIsRefusedRatherThanSilentlyIgnored() {
    assertThatThrownBy(
            () ->
                tls(
                    Setting.TLS_CERT_FILE, ca.serverCert(),
                    Setting.TLS_KEY_FILE, ca.serverKey(),
                    Setting.TLS_CLIENT_CA_FILE, ca.caCert()))
        .hasMessageStartingWith("tls.clientCaFile = ")
        .hasMessageContaining("no receiver asks for client certificates");
    assertThatThrownBy(
            () ->
                tls(
                    Setting.TLS_CERT_FILE, ca.serverCert(),
                    Setting.TLS_KEY_FILE, ca.serverKey(),
                    Setting.TLS_ZIPKIN_CLIENT_CA_FILE, ca.caCert()))
        .hasMessageStartingWith("tls.zipkin.clientCaFile = ")
        .hasMessageContaining("set tls.zipkin.clientAuth: required");
  }

  @Test
  void theYamlNestsPerListenerKeysUnderTlsAndATypoIsCaughtWithTheKeyMeant() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("hopscope.yaml"),
            "tls:\n  otlpGrpc:\n    certFile: \""
                + grpc.cert()
                + "\"\n    keyFile: \""
                + grpc.key()
                + "\"\n");
    TlsConfig config = ServerConfig.from(ConfigSources.of(Map.of(), Map.of(), yaml)).auth().tls();
    assertThat(config.listeners().keySet()).containsExactly(Listener.OTLP_GRPC);
    Path typo = Files.writeString(dir.resolve("typo.yaml"), "tls:\n  otlpGrpc:\n    certFil: x\n");
    assertThatThrownBy(() -> ConfigFile.read(typo))
        .hasMessageContaining("line 3: unknown key 'tls.otlpGrpc.certFil'")
        .hasMessageContaining("did you mean 'tls.otlpGrpc.certFile'?");
  }

  @Test
  void everySettingNamesAnExistingKeyOfItsListener() {
    for (Listener listener : Listener.values()) {
      assertThat(Listener.ofPortKey("ports." + listener.key())).isEqualTo(listener);
    }
    assertThat(TlsConfig.everywhere(grpc.cert(), grpc.key()).listeners()).hasSize(4);
    assertThat(TlsConfig.none().of(Listener.HTTP)).isEqualTo(Optional.empty());
  }
}
