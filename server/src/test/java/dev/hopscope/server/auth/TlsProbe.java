package dev.hopscope.server.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.jspecify.annotations.Nullable;

/**
 * Raw TLS connections to a listener, to see what a client sees: the certificate it is presented,
 * whether a client certificate is asked for, and whether a connection opened earlier still answers.
 */
final class TlsProbe {
  private TlsProbe() {}

  /** A client context trusting {@code caPem}, presenting {@code clientCert} when not null. */
  static SSLContext context(byte[] caPem, TestCertificates.@Nullable Issued clientCert) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (var certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(caPem))) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManager[] keyManagers = null;
      if (clientCert != null) {
        // Vert.x reads the PEM key (the JDK has no PEM reader); no Vertx is needed for values.
        X509KeyManager pem =
            (X509KeyManager)
                new PemKeyCertOptions()
                    .addCertValue(Buffer.buffer(clientCert.certBytes()))
                    .addKeyValue(Buffer.buffer(clientCert.keyBytes()))
                    .getKeyManagerFactory(null)
                    .getKeyManagers()[0];
        keyManagers = new KeyManager[] {new Insistent(pem)};
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Presents its certificate whichever CAs the server names: the JDK's own key manager keeps quiet
   * when its certificate's issuer is not among them, and then a stranger's certificate would never
   * reach the server's check.
   */
  private static final class Insistent extends X509ExtendedKeyManager {
    private final X509KeyManager delegate;

    Insistent(X509KeyManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate.getClientAliases(keyType, null);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return delegate.chooseClientAlias(keyTypes, null, socket);
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyTypes, Principal[] issuers, javax.net.ssl.SSLEngine engine) {
      return delegate.chooseClientAlias(keyTypes, null, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }

  /** A connected socket whose handshake is done. */
  static SSLSocket connect(SSLContext context, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    return socket;
  }

  /** The subject of the certificate a new connection to {@code port} is presented. */
  static String presentedSubject(SSLContext context, int port) {
    try (SSLSocket socket = connect(context, port)) {
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One HTTP/1.1 request on an open connection (kept open); returns the status line. */
  static String request(SSLSocket socket, String method, String path) throws IOException {
    socket
        .getOutputStream()
        .write(
            (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes(length);
    return head.substring(0, head.indexOf("\r\n"));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before an answer: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** A series' value in the server's metrics (as /metrics shows them), 0 when not there yet. */
  static double metric(dev.hopscope.server.HopscopeServer server, String series) {
    for (String line : metricLines(server, series)) {
      return Double.parseDouble(line.substring(series.length()).trim());
    }
    return 0;
  }

  /** The lines of the server's metrics that start with {@code prefix}, for failure messages. */
  static java.util.List<String> metricLines(
      dev.hopscope.server.HopscopeServer server, String prefix) {
    return new String(server.metrics().scrape(), StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.startsWith(prefix))
        .toList();
  }
}
