package dev.hopscope.demo.fault;

import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.cli.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sets a hop's fault through the admin API of a running shop — what {@code ./hopscope demo fault
 * --hop webapp-auth --delay 100ms} does. Usable in-process ({@link #set}) or as a command:
 *
 * <pre>java -cp hopscope-demo.jar dev.hopscope.demo.fault.FaultClient \
 *     --admin http://127.0.0.1:16690 --hop webapp-auth --delay 100ms [--error-rate 0.1]
 * java -cp hopscope-demo.jar dev.hopscope.demo.fault.FaultClient \
 *     --admin http://127.0.0.1:16690 --service auth --error-rate 0.2
 * java -cp hopscope-demo.jar dev.hopscope.demo.fault.FaultClient \
 *     --admin http://127.0.0.1:16690 --service webapp --pool-size 1</pre>
 *
 * <p>Without {@code --hop} or {@code --service} it prints the current faults.
 */
public final class FaultClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI admin;
  private final HttpClient http;

  private FaultClient(URI admin) {
    this.admin = admin;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** A client for the admin API at {@code admin}, e.g. {@code http://127.0.0.1:16690}. */
  public static FaultClient create(URI admin) {
    return new FaultClient(admin);
  }

  /** Sets {@code hop}'s fault and returns the admin API's JSON view of all targets. */
  public String set(Hop hop, Fault fault) throws IOException, InterruptedException {
    return set(hop.id(), fault);
  }

  /**
   * Sets the fault of {@code target}: a hop id, {@code auth} (errorRate only) or {@code database}
   * (delay only: slow SQL). Bad input comes back as an {@link IOException} with the API's message.
   */
  public String set(String target, Fault fault) throws IOException, InterruptedException {
    URI uri =
        admin.resolve(
            FaultService.FAULTS_PATH
                + "/"
                + target
                + "?delay="
                + fault.delay().toMillis()
                + "ms&errorRate="
                + fault.errorRate());
    return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Gives webapp's database pool {@code size} connections (1 is the "too-small pool" fault). */
  public String setWebappPoolSize(int size) throws IOException, InterruptedException {
    URI uri = admin.resolve(FaultService.FAULTS_PATH + "/webapp?poolSize=" + size);
    return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Tells the fault service where webapp listens (the launcher does, once webapp has started). */
  public void setWebappPort(int port) throws IOException, InterruptedException {
    URI uri = admin.resolve(FaultService.WEBAPP_PATH + "?port=" + port);
    send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The admin API's JSON view of all hops. */
  public String faults() throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(admin.resolve(FaultService.FAULTS_PATH)).GET());
  }

  private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException(
          "nothing answers at " + admin + ": is the demo running? (start it with ./hopscope demo)",
          e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "fault admin answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  public static void main(String[] argv) throws InterruptedException {
    try {
      Args args = Args.parse(argv);
      FaultClient client = create(URI.create(args.require("admin")));
      if (!args.has("hop") && !args.has("service")) {
        System.out.println(client.faults());
        return;
      }
      if (args.has("pool-size")) {
        System.out.println(client.setWebappPoolSize(args.getInt("pool-size", 4)));
        return;
      }
      Fault fault =
          new Fault(
              Durations.parse("--delay", args.get("delay", "0ms")),
              args.getDouble("error-rate", 0));
      String target = args.has("hop") ? Hop.of(args.require("hop")).id() : args.require("service");
      System.out.println(client.set(target, fault));
    } catch (IOException | IllegalArgumentException e) {
      // A person typed this: the message says what to change; a stack trace would bury it.
      System.err.println("fault: " + e.getMessage());
      System.exit(2);
    }
  }
}
