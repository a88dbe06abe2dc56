package org.rayport.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and chromedriver, headless, as the browser tests drive them. */
final class HeadlessChromium {

    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path BROWSER = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** A new browser with its profile under {@code home}; the caller quits it. */
    static WebDriver start(Path home) throws IOException {
        assertTrue("chromium and chromium-driver are needed (scripts/install-test-peers.sh)",
                Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER));
        // Selenium must not try to download a driver of its own.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        "--user-data-dir=" + Files.createTempDirectory(home, "chromium"));
        return new ChromeDriver(options);
    }
}
