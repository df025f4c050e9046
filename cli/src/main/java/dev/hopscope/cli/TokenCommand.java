package dev.hopscope.cli;

import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.auth.TokenEntry;
import dev.hopscope.server.auth.TokenRegistry;
import dev.hopscope.store.TenantNames;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Makes a token: 32 random bytes, shown once; the tokens file keeps only their SHA-256, so neither
 * the file nor a backup of it lets anyone call the server.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a new random API token and prints it once, with the entry to add to the file that"
          + " auth.tokensFile names (the server re-reads it; no restart).",
      "Example: ./hopscope token --tenant shop --can write --name shop-collector"
    })
final class TokenCommand implements Callable<Integer> {
  static final String PREFIX = "hst_";

  @Spec CommandSpec spec;

  @Option(
      names = "--tenant",
      required = true,
      paramLabel = "TENANT",
      split = ",",
      description =
          "Tenant(s) the token acts for, comma-separated; * for every tenant (operators).")
  List<String> tenants = new ArrayList<>();

  @Option(
      names = "--can",
      required = true,
      paramLabel = "PERMISSIONS",
      split = ",",
      description = "write (send spans), read (query, UI), admin (/metrics); comma-separated.")
  List<String> can = new ArrayList<>();

  @Option(
      names = "--name",
      required = true,
      paramLabel = "LABEL",
      description = "A label for people: who or what holds the token (shown in refusals).")
  @SuppressWarnings("NullAway.Init") // required: picocli refuses a command line without it
  String name;

  SecureRandom random = new SecureRandom();

  @Override
  public Integer call() {
    for (String tenant : tenants) {
      if (!tenant.equals(TokenEntry.ANY_TENANT)) {
        try {
          TenantNames.requireValid(tenant);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--tenant: " + e.getMessage());
        }
      }
    }
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (String word : can) {
      permissions.add(
          Permission.parse(word)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--can: \"" + word + "\" is not write, read or admin")));
    }
    if (!name.matches("[A-Za-z0-9._@ -]{1,64}")) {
      throw new ParameterException(
          spec.commandLine(),
          "--name: use 1 to 64 letters, digits, spaces or . _ @ - (it is shown in refusals)");
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String hash = HexFormat.of().formatHex(TokenRegistry.sha256(token));
    String tenantLine =
        tenants.size() == 1
            ? "  tenant: \"" + tenants.get(0) + "\""
            : "  tenants: ["
                + tenants.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "))
                + "]";
    String canList =
        permissions.stream().sorted().map(Permission::label).collect(Collectors.joining(", "));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Token (shown only now; keep it where its holder keeps secrets):");
    out.println();
    out.println("  " + token);
    out.println();
    out.println("Add this entry to the tokens file (auth.tokensFile):");
    out.println();
    out.println("- name: \"" + name + "\"");
    out.println(tenantLine);
    out.println("  can: [" + canList + "]");
    out.println("  sha256: " + hash);
    out.println();
    out.println("Clients send it as the header  Authorization: Bearer " + PREFIX + "...");
    out.flush();
    return 0;
  }
}
