package dev.hopscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version and commit that the build wrote into {@code hopscope-version.properties}. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/hopscope-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {
      "hopscope "
          + properties.getProperty("version", "unknown")
          + " (commit "
          + properties.getProperty("commit", "unknown")
          + ")",
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
