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
public record TestCertificates(
    Path dir, String name, Path caCert, Path serverCert, Path serverKey) {

  /** A certificate and its key, as PEM files. */
  public record Issued(Path cert, Path key) {
    public byte[] certBytes() {
      return bytes(cert);
    }

    public byte[] keyBytes() {
      return bytes(key);
    }
  }

  /** A CA named {@code name} in {@code dir}, and a server certificate it signed. */
  public static TestCertificates make(Path dir, String name) {
    Path ca = dir.resolve(name + "-ca.pem");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        dir.resolve(name + "-ca.key").toString(),
        "-out",
        ca.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + name + " test CA");
    TestCertificates made = new TestCertificates(dir, name, ca, ca, ca);
    Issued server = made.server(name + "-server", "127.0.0.1");
    return new TestCertificates(dir, name, ca, server.cert(), server.key());
  }

  /** A server certificate for 127.0.0.1 and localhost with subject {@code CN=commonName}. */
  public Issued server(String stem, String commonName) {
    return issue(stem, commonName, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  }

  /** A client certificate (extended key usage clientAuth) with subject {@code CN=commonName}. */
  public Issued client(String stem, String commonName) {
    return issue(stem, commonName, "extendedKeyUsage=clientAuth\n");
  }

  private Issued issue(String stem, String commonName, String extensions) {
    Path key = dir.resolve(stem + ".key");
    Path csr = dir.resolve(stem + ".csr");
    Path cert = dir.resolve(stem + ".pem");
    Path ext = dir.resolve(stem + "-ext.cnf");
    try {
      Files.writeString(ext, extensions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
        "/CN=" + commonName);
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        caCert.toString(),
        "-CAkey",
        dir.resolve(name + "-ca.key").toString(),
        "-CAcreateserial",
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-extfile",
        ext.toString());
    return new Issued(cert, key);
  }

  public byte[] caBytes() {
    return bytes(caCert);
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
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
