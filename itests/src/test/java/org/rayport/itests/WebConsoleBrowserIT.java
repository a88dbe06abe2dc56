package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Rayport pages of the Karaf web console, driven in headless Chromium as an administrator uses them. */
public class WebConsoleBrowserIT {

    private static final String ADMIN_PASSWORD = "Console-Admin-Pass-1";

    @ClassRule
    public static TemporaryFolder folder = new TemporaryFolder();

    private static RayportServer server;
    private static String token;
    private static WebDriver browser;

    @BeforeClass
    public static void startServerAndBrowser() throws Exception {
        Path home = folder.newFolder("home").toPath();
        server = new RayportServer(home).start();
        token = server.api().firstAdminLogin(home, ADMIN_PASSWORD);
        browser = HeadlessChromium.start(home);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    public void statusPageShowsVersionDatabaseAndFreeSpace() {
        open("rayport-status");
        WebElement table = browser.findElement(By.id("rayport-status"));
        assertTrue(row(table, "version").contains("0.1.0"));
        assertTrue(row(table, "database").contains("H2"));
        assertTrue(row(table, "disk").contains("GB"));
    }

    @Test
    public void anAdministratorAddsEditsAndDeletesAUser() {
        open("rayport-users");
        assertTrue(browser.findElement(By.id("rayport-users")).getText().contains("admin"));

        WebElement form = browser.findElement(By.id("rayport-user-form"));
        form.findElement(By.name("id")).sendKeys("dr.web");
        form.findElement(By.name("name")).sendKeys("Dr. Web");
        form.findElement(By.name("password")).sendKeys("Web-Pass-123");
        form.findElement(By.name("mail")).sendKeys("web@example.org");
        form.findElement(By.id("rayport-save")).click();
        waitFor(By.id("rayport-message"));
        assertEquals(200, server.api().get("/api/v1/admin/users/dr.web", token).status());

        browser.findElement(By.cssSelector("tr[data-id='dr.web'] a.rayport-edit")).click();
        WebElement edit = waitFor(By.id("rayport-user-form"));
        WebElement name = edit.findElement(By.name("name"));
        name.clear();
        name.sendKeys("Dr. Web Edited");
        edit.findElement(By.id("rayport-save")).click();
        waitFor(By.id("rayport-message"));
        assertEquals("Dr. Web Edited",
                server.api().get("/api/v1/admin/users/dr.web", token).json().get("name").asText());

        browser.findElement(By.cssSelector("tr[data-id='dr.web'] button.rayport-delete")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(By.id("rayport-message"));
        assertEquals(404, server.api().get("/api/v1/admin/users/dr.web", token).status());
    }

    @Test
    public void aDuplicateUserIsRefusedWithAVisibleMessage() {
        open("rayport-users");
        WebElement form = browser.findElement(By.id("rayport-user-form"));
        form.findElement(By.name("id")).sendKeys("admin");
        form.findElement(By.name("password")).sendKeys("Another-Pass-1");
        form.findElement(By.id("rayport-save")).click();
        WebElement error = waitFor(By.id("rayport-error"));
        assertTrue(error.getText(), error.getText().contains("exists already"));
    }

    @Test
    public void anAdministratorCreatesAGroupWithMembers() {
        server.api().post("/api/v1/admin/users", token, "{\"id\":\"member1\",\"password\":\"Member-Pass-1\"}");
        open("rayport-groups");
        WebElement form = browser.findElement(By.id("rayport-group-form"));
        form.findElement(By.name("id")).sendKeys("ward7");
        form.findElement(By.name("name")).sendKeys("Ward 7");
        form.findElement(By.name("members")).sendKeys("member1; admin");
        form.findElement(By.name("chatAdmins")).sendKeys("admin");
        form.findElement(By.id("rayport-save")).click();
        waitFor(By.id("rayport-message"));
        var group = server.api().get("/api/v1/admin/groups/ward7", token).json();
        assertEquals(2, group.get("members").size());
        assertEquals("admin", group.get("chatAdmins").get(0).asText());
        assertFalse(browser.findElements(By.cssSelector("tr[data-id='ward7']")).isEmpty());
    }

    private static void open(String page) {
        browser.get("http://admin:" + ADMIN_PASSWORD + "@127.0.0.1:" + server.httpPort + "/system/console/" + page);
    }

    private static WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static String row(WebElement table, String id) {
        return table.findElement(By.cssSelector("tr[data-id='" + id + "']")).getText();
    }
}
