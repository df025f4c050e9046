package dev.hopscope.server.api.compat;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jaeger UI's pages under {@code /jaeger/}, hosted the way {@code jaeger-query --query.base-path
 * /jaeger} hosts them, so bookmarks and deep links keep working.
 *
 * <p>With a Jaeger UI build configured: files under {@code /jaeger/static/} are served as they are
 * and a missing one is a 404 (a stale bundle must fail loudly, not load a page as script); every
 * other path is the single page, {@code index.html}, with its base tag pointing at {@code /jaeger/}
 * and Hopscope's version written where Jaeger writes its own. That includes {@code
 * /jaeger/trace/static/...}: a deep link makes the browser resolve the bundle's relative address
 * against {@code /jaeger/trace/} before the base tag exists, and Jaeger answers that with the page.
 *
 * <p>Without one, Jaeger's own links ({@code /jaeger/trace/<id>}, {@code /jaeger/search}) open the
 * same trace or search in Hopscope's UI.
 */
final class JaegerUiHost {
  static final String BASE = "/jaeger/";

  /** The base tag a Jaeger UI build carries for its host to point at the path it serves it on. */
  private static final Pattern BASE_TAG = Pattern.compile("<base href=\"/\"");

  /** Where Jaeger's query server writes the UI configuration into the page, as it does. */
  private static final Pattern CONFIG = Pattern.compile("JAEGER_CONFIG *= *DEFAULT_CONFIG;");

  /**
   * The configuration Hopscope gives Jaeger UI: the Monitor tab on, since {@code
   * /jaeger/api/metrics/*} answers from the stored spans; Jaeger UI merges it with its defaults.
   */
  static final String UI_CONFIG = "{\"monitor\":{\"menuEnabled\":true}}";

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{1,32}");

  private final Optional<Path> build;

  JaegerUiHost(Optional<Path> build) {
    this.build = build;
  }

  /** Mount after the Jaeger APIs under {@code /jaeger/api}: those paths never reach this. */
  void mount(Router router) {
    if (build.isEmpty()) {
      router
          .get("/jaeger/trace/:traceId")
          .handler(
              ctx -> {
                String id = Params.path(ctx, "traceId");
                if (TRACE_ID.matcher(id).matches()) {
                  redirect(ctx, "/trace/" + id);
                } else {
                  ctx.next();
                }
              });
      router.get("/jaeger/search").handler(ctx -> redirect(ctx, "/search"));
      router.get("/jaeger").handler(ctx -> redirect(ctx, "/"));
      return;
    }
    Path dir = build.get();
    String page = page(dir);
    // A route for /jaeger also matches /jaeger/, which is the page itself.
    router
        .get("/jaeger")
        .handler(
            ctx -> {
              if ("/jaeger".equals(ctx.request().path())) {
                redirect(ctx, BASE);
              } else {
                ctx.next();
              }
            });
    router
        .route("/jaeger/static/*")
        .handler(JaegerUiHost::withoutOurPolicy)
        .handler(
            StaticHandler.create(FileSystemAccess.ROOT, dir.resolve("static").toString())
                .setCachingEnabled(true)
                .setDirectoryListing(false))
        .handler(
            ctx ->
                Replies.error(
                    ctx,
                    Replies.ErrorStyle.PLAIN_TEXT,
                    404,
                    "no file "
                        + ctx.normalizedPath()
                        + " in the Jaeger UI build at "
                        + dir
                        + "; a page older than the build asks for a bundle it no longer has:"
                        + " reload it"));
    StaticHandler topLevelFiles =
        StaticHandler.create(FileSystemAccess.ROOT, dir.toString())
            .setCachingEnabled(false)
            .setDirectoryListing(false);
    router
        .get("/jaeger/*")
        .handler(JaegerUiHost::withoutOurPolicy)
        .handler(
            ctx -> {
              if (isTopLevelFile(dir, ctx.normalizedPath().substring(BASE.length()))) {
                topLevelFiles.handle(ctx);
              } else {
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .end(page);
              }
            });
  }

  /** favicon.ico and the like; index.html only ever goes out rewritten. */
  private static boolean isTopLevelFile(Path dir, String name) {
    return !name.isEmpty()
        && !name.contains("/")
        && !name.startsWith(".")
        && !name.equals("index.html")
        && Files.isRegularFile(dir.resolve(name));
  }

  /**
   * Jaeger UI's page carries its own inline configuration script, which Hopscope's policy for its
   * own UI (no inline script) would block; it gets the policy Jaeger serves it with, none.
   */
  private static void withoutOurPolicy(RoutingContext ctx) {
    ctx.response().headers().remove("Content-Security-Policy");
    ctx.next();
  }

  private static String page(Path dir) {
    String html;
    try {
      html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Jaeger UI page in " + dir, e);
    }
    String based =
        BASE_TAG
            .matcher(html)
            .replaceFirst(Matcher.quoteReplacement("<base href=\"" + BASE + "\""));
    return CONFIG
        .matcher(based)
        .replaceFirst(Matcher.quoteReplacement("JAEGER_CONFIG = " + UI_CONFIG + ";"));
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, to).end();
  }
}
