package dev.hopscope.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and a server certificate for 127.0.0.1 signed by it, made in the test with the openssl
 * command (Debian's, as chromium is for the browser tests): no key or certificate is checked in,
 * and none outlives its test directory.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey) {

  /** A CA named {@code name} in {@code dir}, and a server certificate it signed. */
  public static TestCertificates make(Path dir, String name) {
    Path ca = dir.resolve(name + "-ca.pem");
    Path caKey = dir.resolve(name + "-ca.key");
    Path key = dir.resolve(name + "-server.key");
    Path csr = dir.resolve(name + "-server.csr");
    Path cert = dir.resolve(name + "-server.pem");
    Path ext = dir.resolve(name + "-ext.cnf");
    try {
      Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        caKey.toString(),
        "-out",
        ca.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + name + " test CA");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=127.0.0.1");
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-extfile",
        ext.toString());
    return new TestCertificates(ca, cert, key);
  }

  public byte[] caBytes() {
    try {
      return Files.readAllBytes(caCert);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void openssl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl failed: " + command + "\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "openssl is needed for the TLS tests (apt-get install openssl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
