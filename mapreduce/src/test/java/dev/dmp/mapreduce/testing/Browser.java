package dev.dmp.mapreduce.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless browser for the tests: Debian's Chromium (package {@code chromium}) driven
 * through its ChromeDriver (package {@code chromium-driver}), started with no network of its own
 * (no background connections, no updates, no sync). Nothing is downloaded: a machine without the
 * packages fails the test with the command that installs them.
 */
public final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A new browser, in a fresh profile, with a window of {@code width} x {@code height}. */
  public static Browser start(Path profile, int width, int height) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the page tests need Debian's Chromium and its driver: apt-get install chromium"
              + " chromium-driver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new Browser(new ChromeDriver(service, options));
  }

  /** Opens a page and waits for it to load. */
  public void open(Path file) {
    driver.get(file.toUri().toString());
  }

  /** The value of a script run in the page ({@code return ...}). */
  public Object script(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Everything the page wrote to its console at level {@code SEVERE}: errors. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** A PNG of the whole window. */
  public byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  /** Resizes the window to {@code width} x the page's full height, for a whole-page picture. */
  @SuppressWarnings("unchecked")
  public void fitPage(int width) {
    Map<String, Object> size =
        (Map<String, Object>)
            driver.executeScript("return {h: document.documentElement.scrollHeight};");
    driver
        .manage()
        .window()
        .setSize(
            new org.openqa.selenium.Dimension(width, ((Number) size.get("h")).intValue() + 40));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
