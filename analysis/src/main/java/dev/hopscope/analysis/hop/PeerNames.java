package dev.hopscope.analysis.hop;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import java.net.URI;

/** Names an uninstrumented peer from OpenTelemetry semantic-convention attributes. */
public final class PeerNames {
  static final int STATEMENT_LIMIT = 80;

  private PeerNames() {}

  /** The peer's node name; see {@link UninstrumentedPeer#name()} for the order. */
  public static String name(Attributes attributes) {
    String peerService = text(attributes, "peer.service");
    if (!peerService.isEmpty()) {
      return peerService;
    }
    // A database or broker is one node however it is reached: callers going through different
    // proxies, ports or replicas' addresses still name the same "h2/shop".
    String db = text(attributes, "db.system.name", "db.system");
    if (!db.isEmpty()) {
      String namespace = text(attributes, "db.namespace", "db.name");
      return namespace.isEmpty() ? db : db + "/" + namespace;
    }
    String messaging = text(attributes, "messaging.system");
    if (!messaging.isEmpty()) {
      return messaging;
    }
    String address = text(attributes, "server.address", "net.peer.name");
    if (!address.isEmpty()) {
      String port = text(attributes, "server.port", "net.peer.port");
      return port.isEmpty() ? address : address + ":" + port;
    }
    String url = text(attributes, "url.full", "http.url");
    if (!url.isEmpty()) {
      return origin(url);
    }
    return "unknown peer";
  }

  public static String system(Attributes attributes) {
    String db = text(attributes, "db.system.name", "db.system");
    return db.isEmpty() ? text(attributes, "messaging.system") : db;
  }

  /** The query on one line, whitespace collapsed, cut to {@value #STATEMENT_LIMIT} characters. */
  public static String statement(Attributes attributes) {
    String query =
        text(attributes, "db.query.summary", "db.query.text", "db.statement", "db.operation.name");
    String line = collapseWhitespace(query.strip());
    if (line.length() > STATEMENT_LIMIT) {
      return line.substring(0, STATEMENT_LIMIT - 1) + "…";
    }
    return line;
  }

  /**
   * Each run of whitespace as one space, as {@code replaceAll("\\s+", " ")} does: every digested
   * database call names its statement, and compiling that pattern per call was most of the cost.
   */
  static String collapseWhitespace(String text) {
    if (!needsCollapse(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean inRun = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isSpace(c)) {
        out.append(c);
        inRun = false;
      } else if (!inRun) {
        out.append(' ');
        inRun = true;
      }
    }
    return out.toString();
  }

  /** True when some whitespace is not a lone space. */
  private static boolean needsCollapse(String text) {
    boolean previousSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean space = isSpace(c);
      if (space && (c != ' ' || previousSpace)) {
        return true;
      }
      previousSpace = space;
    }
    return false;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** "h2 database `SELECT …`" for databases, "kafka" for brokers, else the node name. */
  public static String label(Attributes attributes) {
    return label(attributes, statement(attributes));
  }

  /** {@link #label(Attributes)} when the caller has the {@link #statement} already. */
  public static String label(Attributes attributes, String statement) {
    String db = text(attributes, "db.system.name", "db.system");
    String base = db.isEmpty() ? name(attributes) : db + " database";
    return statement.isEmpty() ? base : base + " `" + statement + "`";
  }

  /** Scheme and authority only: paths and query strings would make one node per request. */
  private static String origin(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() != null && uri.getRawAuthority() != null) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
      }
    } catch (java.net.URISyntaxException e) {
      // Not a URI we can parse; the text up to the path is still a fair name.
    }
    int path = url.indexOf('/', url.indexOf("//") + 2);
    return path > 0 ? url.substring(0, path) : url;
  }

  private static String text(Attributes attributes, String... keys) {
    for (String key : keys) {
      AttributeValue value = attributes.get(key);
      if (value != null && !value.asText().isBlank()) {
        return value.asText().strip();
      }
    }
    return "";
  }
}
