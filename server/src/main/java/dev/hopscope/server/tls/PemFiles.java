package dev.hopscope.server.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A listener's certificate and key, or a client CA bundle, read from PEM files and checked before
 * they are served: the certificate parses, the key parses (with Vert.x's own reader, so what passes
 * here is what the listener can load), and the key signs what the certificate's public key
 * verifies. The bytes checked are the bytes served (handed to Vert.x as values, not paths), so a
 * file rewritten between the check and the load cannot slip through.
 */
public final class PemFiles {
  private PemFiles() {}

  /** Which file of a set a problem is in, so the configuration can name its key. */
  public enum Part {
    CERTIFICATE,
    KEY,
    CLIENT_CA
  }

  /** A problem with one file, named in the message with what to do about it. */
  public static final class PemException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final Part part;
    // Kept here as well so getMessage() can promise it: every PemException names its problem.
    private final String message;

    PemException(Part part, String message) {
      super(message);
      this.part = part;
      this.message = message;
    }

    /** The problem and what to do about it; never null, unlike Throwable's. */
    @Override
    public String getMessage() {
      return message;
    }

    public Part part() {
      return part;
    }
  }

  /** A checked certificate chain and its key, as the PEM bytes read. */
  public record KeyCert(byte[] certificatePem, byte[] keyPem, X509Certificate leaf) {
    /** Vert.x's options for serving exactly these bytes. */
    public PemKeyCertOptions options() {
      return new PemKeyCertOptions()
          .addCertValue(Buffer.buffer(certificatePem))
          .addKeyValue(Buffer.buffer(keyPem));
    }
  }

  /** A checked bundle of CA certificates, as the PEM bytes read. */
  public record CaBundle(byte[] pem, List<X509Certificate> certificates) {
    public PemTrustOptions options() {
      return new PemTrustOptions().addCertValue(Buffer.buffer(pem));
    }
  }

  public static KeyCert keyCert(Path certFile, Path keyFile) {
    byte[] certPem = read(Part.CERTIFICATE, certFile);
    byte[] keyPem = read(Part.KEY, keyFile);
    List<X509Certificate> chain = certificates(Part.CERTIFICATE, certFile, certPem);
    X509Certificate leaf = chain.get(0);
    PrivateKey key = privateKey(certFile, keyFile, certPem, keyPem);
    if (!signsFor(key, leaf)) {
      throw new PemException(
          Part.KEY,
          keyFile
              + " is not the key of the certificate in "
              + certFile
              + " ("
              + leaf.getSubjectX500Principal().getName()
              + "); use the key made with that certificate (after a renewal, replace both files)");
    }
    return new KeyCert(certPem, keyPem, leaf);
  }

  public static CaBundle caBundle(Path file) {
    byte[] pem = read(Part.CLIENT_CA, file);
    return new CaBundle(pem, certificates(Part.CLIENT_CA, file, pem));
  }

  private static byte[] read(Part part, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PemException(part, "cannot read " + file.toAbsolutePath() + " (" + e + ")");
    }
  }

  private static List<X509Certificate> certificates(Part part, Path file, byte[] pem) {
    List<X509Certificate> found = new ArrayList<>();
    try {
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        found.add((X509Certificate) certificate);
      }
    } catch (CertificateException e) {
      throw new PemException(
          part,
          file.toAbsolutePath()
              + " is not a PEM certificate file ("
              + e.getMessage()
              + "); it must hold -----BEGIN CERTIFICATE----- blocks");
    }
    if (found.isEmpty()) {
      throw new PemException(
          part,
          file.toAbsolutePath() + " holds no -----BEGIN CERTIFICATE----- block; name a PEM file");
    }
    return Collections.unmodifiableList(found);
  }

  private static PrivateKey privateKey(Path certFile, Path keyFile, byte[] certPem, byte[] keyPem) {
    try {
      // A Vertx instance is only needed to read paths; these options hold values.
      PemKeyCertOptions options =
          new PemKeyCertOptions()
              .addCertValue(Buffer.buffer(certPem))
              .addKeyValue(Buffer.buffer(keyPem));
      KeyStore store = options.loadKeyStore(null);
      KeyManager manager = options.getKeyManagerFactory(null).getKeyManagers()[0];
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && manager instanceof X509KeyManager x509) {
          PrivateKey key = x509.getPrivateKey(alias);
          if (key != null) {
            return key;
          }
        }
      }
      throw new IllegalStateException("no key entry");
    } catch (Exception e) {
      // The certificate parsed already: a failure here is the key, or a key of another type.
      throw new PemException(
          Part.KEY,
          keyFile.toAbsolutePath()
              + " is not a PEM private key for the certificate in "
              + certFile
              + " ("
              + e.getMessage()
              + "); it must hold an unencrypted PRIVATE KEY (PKCS#8), RSA PRIVATE KEY or EC"
              + " PRIVATE KEY block");
    }
  }

  /**
   * Whether the key signs what the certificate's public key verifies: the pair belongs together.
   */
  private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "ED25519", "EDDSA" -> "Ed25519";
          default -> "";
        };
    if (algorithm.isEmpty()) {
      return true; // a key type we cannot test here: the handshake is the check
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an EC key with an RSA certificate
    }
  }
}
