package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI's pure ES modules run in the real browser, one page for a whole class: a test imports a
 * module as {@code m} and reads back an expression over it as JSON. Shared by the module tests so
 * that each holds only its cases.
 */
abstract class ModuleTests {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static UiFixture fixture;
  static Browser browser;

  @BeforeAll
  static void start() {
    fixture = new UiFixture(dir);
    browser = fixture.browser;
    browser.open("/search");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
      fixture = null;
    }
  }

  @AfterEach
  void noConsoleErrors() {
    assertThat(browser.consoleErrors()).isEmpty();
  }

  /** Imports {@code /js/<module>} as {@code m} and returns {@code expression}, as JSON. */
  static JsonNode run(String module, String expression) {
    String text = browser.runModule(module, expression);
    assertThat(text).doesNotStartWith("ERROR");
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static String text(String module, String expression) {
    return run(module, expression).asText();
  }
}
