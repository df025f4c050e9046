package dev.hopscope.server.auth;

import dev.hopscope.store.TenantNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads {@code auth.tokensFile}: a YAML list (or a mapping with a {@code tokens} list) of entries
 * {@code {sha256, tenant | tenants, can, name}}. Every mistake names the file, the entry and the
 * fix; an unknown key is a mistake too, so that a typo cannot silently widen or narrow a token.
 */
public final class TokensFile {
  private static final Set<String> KEYS = Set.of("sha256", "tenant", "tenants", "can", "name");

  private TokensFile() {}

  public static List<TokenEntry> read(Path file) {
    Object loaded;
    try (Reader reader = Files.newBufferedReader(file)) {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read auth.tokensFile " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "auth.tokensFile " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (loaded instanceof Map<?, ?> map && map.keySet().equals(Set.of("tokens"))) {
      loaded = map.get("tokens");
    }
    if (loaded == null) {
      return List.of();
    }
    if (!(loaded instanceof List<?> list)) {
      throw new IllegalArgumentException(
          "auth.tokensFile "
              + file
              + " must hold a list of entries (- sha256: ..., tenant: ..., can: [...], name:"
              + " ...), as ./hopscope token prints them");
    }
    List<TokenEntry> entries = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      entries.add(entry(file, i, list.get(i)));
    }
    return List.copyOf(entries);
  }

  private static TokenEntry entry(Path file, int index, Object item) {
    String where = "auth.tokensFile " + file + " entry " + (index + 1);
    if (!(item instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + " must be a mapping with sha256, tenant, can");
    }
    for (Object key : map.keySet()) {
      if ("token".equals(key)) {
        throw new IllegalArgumentException(
            where
                + " holds a token itself; store only its sha256 (./hopscope token prints it), and"
                + " replace this token: whoever read the file has it");
      }
      if (!KEYS.contains(String.valueOf(key))) {
        throw new IllegalArgumentException(
            where + " has unknown key \"" + key + "\"; the keys are " + String.join(", ", KEYS));
      }
    }
    String hex = String.valueOf(map.get("sha256")).trim().toLowerCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          where
              + ": sha256 must be 64 hex digits (the SHA-256 of the token, as ./hopscope token"
              + " prints it)");
    }
    List<String> tenants = tenants(where, map);
    Set<Permission> can = permissions(where, map.get("can"));
    Object name = map.get("name");
    return new TokenEntry(
        HexFormat.of().parseHex(hex),
        tenants,
        can,
        name == null ? "entry " + (index + 1) : name.toString());
  }

  private static List<String> tenants(String where, Map<?, ?> map) {
    Object one = map.get("tenant");
    Object many = map.get("tenants");
    if ((one == null) == (many == null)) {
      throw new IllegalArgumentException(
          where + " must have exactly one of tenant (a name or \"*\") and tenants (a list)");
    }
    List<String> names = new ArrayList<>();
    if (one != null) {
      names.add(one.toString().trim());
    } else if (many instanceof List<?> list && !list.isEmpty()) {
      list.forEach(t -> names.add(String.valueOf(t).trim()));
    } else {
      throw new IllegalArgumentException(where + ": tenants must be a non-empty list");
    }
    for (String tenant : names) {
      if (!tenant.equals(TokenEntry.ANY_TENANT)) {
        try {
          TenantNames.requireValid(tenant);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
      }
    }
    return names;
  }

  private static Set<Permission> permissions(String where, @Nullable Object can) {
    List<String> words = new ArrayList<>();
    if (can instanceof List<?> list) {
      list.forEach(item -> words.add(String.valueOf(item)));
    } else if (can != null) {
      words.addAll(List.of(can.toString().split(",")));
    }
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (String word : words) {
      permissions.add(
          Permission.parse(word)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + ": can \"" + word.trim() + "\" is not write, read or admin")));
    }
    if (permissions.isEmpty()) {
      throw new IllegalArgumentException(
          where + " must say what the token can do: can: [write], [read], [admin] or several");
    }
    return permissions;
  }
}
