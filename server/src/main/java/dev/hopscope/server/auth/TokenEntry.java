package dev.hopscope.server.auth;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One line of the tokens file: the SHA-256 of a token (never the token itself), the tenants it may
 * act for ({@code *}: any), what it may do, and a label for people. The first tenant listed is the
 * one a request without {@code X-Scope-OrgID} acts for.
 */
public record TokenEntry(byte[] sha256, List<String> tenants, Set<Permission> can, String name) {
  public static final String ANY_TENANT = "*";

  public TokenEntry {
    sha256 = sha256.clone();
    tenants = List.copyOf(tenants);
    can = Set.copyOf(can);
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  public boolean anyTenant() {
    return tenants.contains(ANY_TENANT);
  }

  public boolean mayActFor(String tenant) {
    return anyTenant() || tenants.contains(tenant);
  }

  /** Constant-time for equal lengths: an attacker learns nothing from how long a compare took. */
  boolean matches(byte[] presentedHash) {
    return MessageDigest.isEqual(sha256, presentedHash);
  }

  /** {@code read, write} for messages. */
  public String canLabel() {
    return can.stream().sorted().map(Permission::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    // Never the hash in logs either: it is what a reader of the logs would try to invert.
    return "TokenEntry[name=" + name + ", tenants=" + tenants + ", can=" + canLabel() + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenEntry that
        && MessageDigest.isEqual(sha256, that.sha256)
        && tenants.equals(that.tenants)
        && can.equals(that.can)
        && name.equals(that.name);
  }

  @Override
  public int hashCode() {
    return HexFormat.of().formatHex(sha256).hashCode() * 31 + name.hashCode();
  }
}
