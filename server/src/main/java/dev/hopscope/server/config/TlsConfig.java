package dev.hopscope.server.config;

import dev.hopscope.server.tls.PemFiles;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * TLS per listener, resolved at start: each listener's own {@code tls.<listener>.*} pair, else the
 * global {@code tls.certFile}/{@code tls.keyFile}, else plain text. Client certificates (mTLS) are
 * for the receivers only: the UI's port serves browsers, which rarely hold one. Every file is read
 * and checked here, so a missing file, a key of another certificate or half a pair stops the start
 * with the key to fix rather than failing the first handshake.
 */
public record TlsConfig(Map<Listener, ListenerTls> listeners) {
  public TlsConfig {
    listeners = Map.copyOf(listeners);
  }

  /**
   * The four listeners, by the name their keys use ({@code ports.<name>}, {@code tls.<name>.*}).
   */
  public enum Listener {
    OTLP_GRPC("otlpGrpc", true),
    OTLP_HTTP("otlpHttp", true),
    ZIPKIN("zipkin", true),
    HTTP("http", false);

    private final String key;
    private final boolean receiver;

    Listener(String key, boolean receiver) {
      this.key = key;
      this.receiver = receiver;
    }

    public String key() {
      return key;
    }

    /** The listener whose port key is {@code ports.<name>}. */
    public static Listener ofPortKey(String portKey) {
      for (Listener listener : values()) {
        if (portKey.equals("ports." + listener.key)) {
          return listener;
        }
      }
      throw new IllegalArgumentException("no listener has port key " + portKey);
    }
  }

  /**
   * One listener's files; a client CA means client certificates are required on it. The keys are
   * named so that reload errors can say which setting's file is wrong.
   */
  public record ListenerTls(
      Path certFile, Path keyFile, Optional<Path> clientCaFile, String certKey, String caKey) {
    public ListenerTls(Path certFile, Path keyFile, Optional<Path> clientCaFile) {
      this(certFile, keyFile, clientCaFile, "tls.certFile", "tls.clientCaFile");
    }
  }

  public static TlsConfig none() {
    return new TlsConfig(Map.of());
  }

  /** One pair for every listener, no client certificates: what {@code tls.certFile} alone does. */
  public static TlsConfig everywhere(Path certFile, Path keyFile) {
    Map<Listener, ListenerTls> all = new EnumMap<>(Listener.class);
    for (Listener listener : Listener.values()) {
      all.put(listener, new ListenerTls(certFile, keyFile, Optional.empty()));
    }
    return new TlsConfig(all);
  }

  /** This configuration with {@code listener} served from its own files. */
  public TlsConfig with(Listener listener, ListenerTls tls) {
    Map<Listener, ListenerTls> changed = new EnumMap<>(Listener.class);
    changed.putAll(listeners);
    changed.put(listener, tls);
    return new TlsConfig(changed);
  }

  public Optional<ListenerTls> of(Listener listener) {
    return Optional.ofNullable(listeners.get(listener));
  }

  public boolean isOn(Listener listener) {
    return listeners.containsKey(listener);
  }

  static TlsConfig from(ConfigSources sources) {
    Optional<Pair> global =
        pair(sources, Setting.TLS_CERT_FILE, Setting.TLS_KEY_FILE, "tls.certFile", "tls.keyFile");
    String globalMode = mode(sources, Setting.TLS_CLIENT_AUTH, "none");
    Optional<Path> globalCa = file(sources, Setting.TLS_CLIENT_CA_FILE);
    Map<Listener, ListenerTls> listeners = new EnumMap<>(Listener.class);
    boolean globalCaUsed = false;
    for (Listener listener : Listener.values()) {
      String prefix = "tls." + listener.key + ".";
      Optional<Pair> own =
          pair(
              sources,
              setting(prefix + "certFile"),
              setting(prefix + "keyFile"),
              prefix + "certFile",
              prefix + "keyFile");
      Optional<Pair> served = own.or(() -> global);
      Optional<Path> ca = Optional.empty();
      String caKey = "tls.clientCaFile";
      if (listener.receiver) {
        Setting modeSetting = setting(prefix + "clientAuth");
        Setting caSetting = setting(prefix + "clientCaFile");
        String mode = mode(sources, modeSetting, globalMode);
        Optional<Path> ownCa = file(sources, caSetting);
        if (mode.equals("required")) {
          if (served.isEmpty()) {
            throw ServerConfig.invalid(
                sources,
                sources.get(modeSetting).isBlank() ? Setting.TLS_CLIENT_AUTH : modeSetting,
                "needs TLS on "
                    + listener.key
                    + ": client certificates come with TLS; set tls.certFile and tls.keyFile"
                    + " (or "
                    + prefix
                    + "certFile and "
                    + prefix
                    + "keyFile)");
          }
          ca = ownCa.or(() -> globalCa);
          if (ca.isEmpty()) {
            throw ServerConfig.invalid(
                sources,
                sources.get(modeSetting).isBlank() ? Setting.TLS_CLIENT_AUTH : modeSetting,
                "needs the CAs to check client certificates against: set tls.clientCaFile (or "
                    + prefix
                    + "clientCaFile) to a PEM bundle");
          }
          if (ownCa.isPresent()) {
            caKey = caSetting.key();
          } else {
            globalCaUsed = true;
          }
          check(sources, ownCa.isPresent() ? caSetting : Setting.TLS_CLIENT_CA_FILE, ca.get());
        } else if (ownCa.isPresent()) {
          throw ServerConfig.invalid(
              sources,
              caSetting,
              "is set but "
                  + listener.key
                  + " does not ask for client certificates; set "
                  + modeSetting.key()
                  + ": required (or tls.clientAuth: required), or remove it");
        }
      }
      if (served.isPresent()) {
        Pair pair = served.get();
        listeners.put(
            listener, new ListenerTls(pair.cert, pair.key, ca, pair.certKey.key(), caKey));
      }
    }
    if (globalCa.isPresent() && !globalCaUsed) {
      throw ServerConfig.invalid(
          sources,
          Setting.TLS_CLIENT_CA_FILE,
          "is set but no receiver asks for client certificates; set tls.clientAuth: required, or"
              + " remove it");
    }
    return new TlsConfig(listeners);
  }

  private record Pair(Path cert, Path key, Setting certKey) {}

  private static Optional<Pair> pair(
      ConfigSources sources, Setting certSetting, Setting keySetting, String cert, String key) {
    Optional<Path> certFile = file(sources, certSetting);
    Optional<Path> keyFile = file(sources, keySetting);
    if (certFile.isEmpty() && keyFile.isEmpty()) {
      return Optional.empty();
    }
    if (certFile.isEmpty() || keyFile.isEmpty()) {
      throw ServerConfig.invalid(
          sources,
          certFile.isEmpty() ? keySetting : certSetting,
          "needs "
              + (certFile.isEmpty() ? cert : key)
              + " too: TLS takes both "
              + cert
              + " (the PEM chain) and "
              + key
              + " (its key)");
    }
    try {
      PemFiles.keyCert(certFile.get(), keyFile.get());
    } catch (PemFiles.PemException e) {
      throw ServerConfig.invalid(
          sources, e.part() == PemFiles.Part.KEY ? keySetting : certSetting, e.getMessage());
    }
    return Optional.of(new Pair(certFile.get(), keyFile.get(), certSetting));
  }

  private static void check(ConfigSources sources, Setting setting, Path caFile) {
    try {
      PemFiles.caBundle(caFile);
    } catch (PemFiles.PemException e) {
      throw ServerConfig.invalid(sources, setting, e.getMessage());
    }
  }

  private static String mode(ConfigSources sources, Setting setting, String inherited) {
    String mode = sources.get(setting).trim();
    if (mode.isEmpty()) {
      return inherited;
    }
    if (!mode.equals("none") && !mode.equals("required")) {
      throw ServerConfig.invalid(sources, setting, "must be none or required");
    }
    return mode;
  }

  private static Optional<Path> file(ConfigSources sources, Setting setting) {
    String value = sources.get(setting).trim();
    return value.isEmpty()
        ? Optional.empty()
        : Optional.of(Path.of(value).toAbsolutePath().normalize());
  }

  private static Setting setting(String key) {
    for (Setting setting : Setting.values()) {
      if (setting.key().equals(key)) {
        return setting;
      }
    }
    throw new IllegalStateException("no setting " + key);
  }
}
