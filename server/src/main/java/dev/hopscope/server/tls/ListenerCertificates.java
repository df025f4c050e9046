package dev.hopscope.server.tls;

import io.vertx.core.Future;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One listener's certificate, key and (for mTLS) client CA bundle, re-read when the files change.
 * {@link #check} is one cheap look (a stat per file); the files are read only once they changed and
 * then stood still for one look, so a pair copied file by file is not caught half-way. New contents
 * are checked as at start (see {@link PemFiles}) before the listener gets them through Vert.x's own
 * hook ({@code HttpServer.updateSSLOptions}): new handshakes get the new certificate, connections
 * already open keep theirs. Anything wrong keeps the old certificate in use, is logged at ERROR
 * once per bad content and counted, and the next change is tried again.
 */
public final class ListenerCertificates {
  private static final System.Logger LOG = System.getLogger(ListenerCertificates.class.getName());

  /** What one look at the files did. */
  public enum Outcome {
    /** Nothing new: the files are as served (or as last refused). */
    UNCHANGED,
    /** The files changed since the last look; they are read once they stand still. */
    SETTLING,
    /** The new files are served to new handshakes. */
    RELOADED,
    /** The new files are refused; the old ones stay in use. */
    FAILED
  }

  private final String listener;
  private final Path certFile;
  private final Path keyFile;
  private final @Nullable Path caFile;
  private final String describedAs;
  // Written by the one thread that checks; read by scrapes and the listener's start.
  private volatile ServerSSLOptions served;
  private volatile PemFiles.KeyCert servedKeyCert;
  private byte[] servedDigest;
  private byte @Nullable [] refusedDigest;
  private List<Object> seenStamp;
  private List<Object> handledStamp;
  private volatile @Nullable Function<ServerSSLOptions, Future<Boolean>> apply;

  /** Reads and checks the files now; throws {@link PemFiles.PemException} naming the problem. */
  public ListenerCertificates(
      String listener, Path certFile, Path keyFile, Optional<Path> caFile, String describedAs) {
    this.listener = listener;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.caFile = caFile.orElse(null);
    this.describedAs = describedAs;
    this.seenStamp = stamp();
    this.handledStamp = seenStamp;
    byte[][] contents = contents();
    this.servedDigest = digest(contents);
    this.servedKeyCert = PemFiles.keyCert(certFile, keyFile);
    this.served = options(servedKeyCert, ca());
  }

  /** What the listener starts with. */
  public ServerSSLOptions sslOptions() {
    return served;
  }

  public String listener() {
    return listener;
  }

  /** The certificate new handshakes get. */
  public PemFiles.KeyCert served() {
    return servedKeyCert;
  }

  /** Once the listener is up: how new options reach it. */
  public void listening(Function<ServerSSLOptions, Future<Boolean>> update) {
    this.apply = update;
  }

  /** One look at the files; called from one thread at a time. */
  public synchronized Outcome check() {
    List<Object> stamp = stamp();
    if (!stamp.equals(seenStamp)) {
      seenStamp = stamp;
      return Outcome.SETTLING;
    }
    if (stamp.equals(handledStamp)) {
      return Outcome.UNCHANGED;
    }
    handledStamp = stamp;
    byte[] digest;
    try {
      digest = digest(contents());
    } catch (PemFiles.PemException e) {
      return refuse(null, e.getMessage());
    }
    if (Arrays.equals(digest, servedDigest) || Arrays.equals(digest, refusedDigest)) {
      return Outcome.UNCHANGED; // touched, or rewritten with what was already judged
    }
    ServerSSLOptions next;
    PemFiles.KeyCert keyCert;
    try {
      keyCert = PemFiles.keyCert(certFile, keyFile);
      next = options(keyCert, ca());
    } catch (PemFiles.PemException e) {
      return refuse(digest, e.getMessage());
    }
    Function<ServerSSLOptions, Future<Boolean>> update = apply;
    if (update != null) {
      try {
        // Forced: the options compare equal to nothing cached, but Vert.x would otherwise reuse
        // a context it built from equal options before.
        update.apply(next).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return refuse(digest, "interrupted while applying the new certificate");
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return refuse(digest, "the listener refused the new files: " + cause);
      }
    }
    served = next;
    servedKeyCert = keyCert;
    servedDigest = digest;
    refusedDigest = null;
    LOG.log(
        System.Logger.Level.INFO,
        listener
            + ": TLS certificate re-read from "
            + certFile
            + ", now serving "
            + keyCert.leaf().getSubjectX500Principal().getName()
            + " valid until "
            + keyCert.leaf().getNotAfter().toInstant());
    return Outcome.RELOADED;
  }

  private Outcome refuse(byte @Nullable [] digest, String why) {
    refusedDigest = digest;
    LOG.log(
        System.Logger.Level.ERROR,
        listener
            + ": keeping the TLS certificate in use ("
            + servedKeyCert.leaf().getSubjectX500Principal().getName()
            + "): the changed files of "
            + describedAs
            + " cannot be served: "
            + why
            + ". Fix the files (write them to a temporary name, then rename); they are"
            + " looked at again when they change");
    return Outcome.FAILED;
  }

  private PemFiles.@Nullable CaBundle ca() {
    return caFile == null ? null : PemFiles.caBundle(caFile);
  }

  private static ServerSSLOptions options(
      PemFiles.KeyCert keyCert, PemFiles.@Nullable CaBundle ca) {
    // ALPN offers h2 (gRPC) and http/1.1 on the same port, as without TLS.
    ServerSSLOptions options =
        new ServerSSLOptions().setKeyCertOptions(keyCert.options()).setUseAlpn(true);
    if (ca != null) {
      options.setTrustOptions(ca.options()).setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>(List.of(certFile, keyFile));
    if (caFile != null) {
      files.add(caFile);
    }
    return files;
  }

  // Modification time, size and file key (the inode: a rename over the file changes it) of each.
  private List<Object> stamp() {
    List<Object> stamp = new ArrayList<>();
    for (Path file : files()) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        stamp.add(
            Arrays.asList(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey()));
      } catch (IOException e) {
        stamp.add("missing");
      }
    }
    return stamp;
  }

  private byte[][] contents() {
    List<Path> files = files();
    byte[][] contents = new byte[files.size()][];
    for (int i = 0; i < contents.length; i++) {
      try {
        contents[i] = Files.readAllBytes(files.get(i));
      } catch (IOException e) {
        throw new PemFiles.PemException(
            PemFiles.Part.CERTIFICATE, "cannot read " + files.get(i) + " (" + e + ")");
      }
    }
    return contents;
  }

  private static byte[] digest(byte[][] contents) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] content : contents) {
        sha.update(
            Integer.toString(content.length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(content);
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
