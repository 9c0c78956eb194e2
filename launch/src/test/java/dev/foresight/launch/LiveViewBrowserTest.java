package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live view in a real headless browser (Debian's chromium through its chromedriver) while a
 * demo episode runs through its bridge agent: the camera image changes, the plots grow, and the
 * page's STOP holds the arm — the agent reports the operator stop to the page and the episode ends.
 * Writes the page's screenshot during the episode to {@code target/live-view.png}.
 */
class LiveViewBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Pattern URL = Pattern.compile("live view on (http://\\S+)");

  @Test
  void theCameraChangesThePlotsGrowAndStopHoldsTheArm(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed (./foresight test installs them)");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExecutorService demoThread = Executors.newSingleThreadExecutor();
    WebDriver browser = null;
    try {
      Future<Integer> demo =
          demoThread.submit(
              () ->
                  ForesightCli.execute(
                      new PrintWriter(out, true),
                      new PrintWriter(err, true),
                      "demo",
                      "--task",
                      "push-t",
                      "--planner",
                      "learned",
                      "--model",
                      "../models/foresight-push-t",
                      "--seed",
                      "1",
                      "--out",
                      dir.resolve("report").toString(),
                      "--view",
                      "0",
                      "--view-rate",
                      "20"));
      String url = awaitUrl(out, err, demo);
      browser = headlessChromium();
      browser.get(url);
      WebElement camera = browser.findElement(By.id("camera"));
      WebElement energy = browser.findElement(By.id("energyPlot"));
      WebElement planning = browser.findElement(By.id("planningPlot"));
      WebElement arm = browser.findElement(By.id("armMode"));

      assertThat(await(() -> number(camera, "data-frames") >= 1)).as(out.toString()).isTrue();
      String firstFrame = camera.getAttribute("src");
      long firstPoints = number(energy, "data-points");
      assertThat(
              await(
                  () ->
                      number(camera, "data-frames") >= 3
                          && !firstFrame.equals(camera.getAttribute("src"))
                          && number(energy, "data-points") > firstPoints))
          .as("camera frames and energy points while the episode runs\n" + out)
          .isTrue();
      assertThat(number(planning, "data-points")).isPositive();
      assertThat(number(browser.findElement(By.id("goal")), "data-frames")).isPositive();
      assertThat(arm.getAttribute("data-mode")).isEqualTo("armed");
      assertThat(demo.isDone()).as("the episode still runs").isFalse();
      Files.write(
          Path.of("target", "live-view.png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

      browser.findElement(By.id("stopButton")).click();

      assertThat(await(() -> "client-stop".equals(arm.getAttribute("data-stop-cause"))))
          .as("the agent reports the operator stop to the page")
          .isTrue();
      assertThat(arm.getAttribute("data-mode")).isEqualTo("held");
      assertThat(browser.findElement(By.id("message")).getText()).contains("STOP sent");
      int status = demo.get(60, TimeUnit.SECONDS);
      assertThat(status).as("the stopped episode is not a success\n" + out + err).isNotZero();
      assertThat(out.toString())
          .as("the episode ends on the agent's latched stop, requested by the view")
          .contains("STOP_CAUSE_CLIENT_STOP")
          .contains("foresight-view");
    } finally {
      if (browser != null) {
        browser.quit();
      }
      demoThread.shutdownNow();
      demoThread.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private static WebDriver headlessChromium() {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File(CHROMIUM.toString()));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900");
    return new ChromeDriver(service, options);
  }

  private static String awaitUrl(StringWriter out, StringWriter err, Future<Integer> demo)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !demo.isDone()) {
      Matcher matcher = URL.matcher(out.toString());
      if (matcher.find()) {
        return matcher.group(1);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the demo printed no live view address:\n" + out + err);
  }

  private static long number(WebElement element, String attribute) {
    String value = element.getAttribute(attribute);
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }

  private static boolean await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
