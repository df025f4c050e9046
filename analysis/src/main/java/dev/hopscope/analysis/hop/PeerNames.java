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
    String line = query.strip().replaceAll("\\s+", " ");
    if (line.length() > STATEMENT_LIMIT) {
      return line.substring(0, STATEMENT_LIMIT - 1) + "…";
    }
    return line;
  }

  /** "h2 database `SELECT …`" for databases, "kafka" for brokers, else the node name. */
  public static String label(Attributes attributes) {
    String db = text(attributes, "db.system.name", "db.system");
    String statement = statement(attributes);
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
