package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The inbox event stream in a real browser: headless Chromium on a page of Rayport's own origin gets a stream ticket
 * by fetch() with the bearer token and device ID, opens {@code new EventSource(...?ticket=)}, and shows the
 * {@code dataset} event that DCMTK's storescu causes. The ticket rules over HTTP: a second use is 401, a ticket is
 * no credential anywhere but the stream, logout and a disabled user void unused tickets, and a disabled user's open
 * stream ends. A page of another origin cannot even get a ticket (Rayport sends no CORS headers). No ticket appears in
 * the server's log.
 */
public class InboxEventSourceIT {

    private static final String ADMIN_PASSWORD = "Events-Admin-Pass-1";
    private static final String DEVICE = "X-Device-Id";
    /** One device for all of admin's logins: evaluation mode licenses two devices (admin's and vera's). */
    private static final String ADMIN_DEVICE = "admin-browser";
    private static final String INBOX = "/api/v1/client/inbox";
    private static final String TICKETS = INBOX + "/events/tickets";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @ClassRule
    public static TemporaryFolder folder = new TemporaryFolder();

    private static RayportServer server;
    private static Api api;
    private static String administration;
    private static WebDriver browser;
    /** Every ticket the test saw: none may be in the server's log. */
    private static final List<String> tickets = new ArrayList<>();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeClass
    public static void startServerAndBrowser() throws Exception {
        Path home = folder.newFolder("home").toPath();
        server = new RayportServer(home).start();
        api = server.api();
        administration = api.firstAdminLogin(home, ADMIN_PASSWORD);
        browser = HeadlessChromium.start(home);
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (server != null) {
                String log = Files.readString(server.home.resolve("log/karaf.log"), StandardCharsets.ISO_8859_1);
                for (String ticket : tickets) {
                    assertFalse("a stream ticket is in the server log", log.contains(ticket));
                }
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    public void aBrowserEventSourceOpenedWithATicketShowsTheDatasetThatStorescuSent() throws Exception {
        String token = api.deviceToken("admin", ADMIN_PASSWORD, ADMIN_DEVICE);
        // A page of Rayport's own origin (the API reference), so that fetch() and EventSource need no CORS.
        browser.get("http://127.0.0.1:" + server.httpPort + "/api/v1/docs");
        ((JavascriptExecutor) browser).executeScript(String.join("\n",
                "const [token, device] = arguments;",
                "const list = document.createElement('ul');",
                "list.id = 'inbox-events';",
                "document.body.prepend(list);",
                "fetch('" + TICKETS + "', {method: 'POST',",
                "    headers: {'Authorization': 'Bearer ' + token, 'X-Device-Id': device}})",
                "  .then(answer => answer.json())",
                "  .then(answer => {",
                "    list.dataset.ticket = answer.ticket;",
                "    const source = new EventSource('" + INBOX + "/events?ticket=' + encodeURIComponent(answer.ticket));",
                "    source.onopen = () => { list.dataset.state = 'open'; };",
                "    source.onerror = () => { list.dataset.state = 'error ' + source.readyState; };",
                "    source.addEventListener('dataset', event => {",
                "      const item = document.createElement('li');",
                "      item.className = 'dataset';",
                "      item.textContent = event.data;",
                "      list.appendChild(item);",
                "    });",
                "  })",
                "  .catch(failure => { list.dataset.state = 'failed ' + failure; });"), token, ADMIN_DEVICE);
        WebElement list = browser.findElement(By.id("inbox-events"));
        new WebDriverWait(browser, PATIENCE).until(page -> list.getAttribute("data-state") != null);
        assertEquals("the browser's EventSource is open", "open", list.getAttribute("data-state"));
        String ticket = list.getAttribute("data-ticket");
        tickets.add(ticket);

        String study = "2.25." + Math.abs(System.nanoTime());
        storescu(study, "Browser^Bea", 2);

        WebElement shown = new WebDriverWait(browser, PATIENCE).until(page -> page
                .findElements(By.cssSelector("#inbox-events li.dataset")).stream()
                .filter(item -> item.getText().contains(study) && item.getText().contains("\"instances\":2"))
                .findFirst().orElse(null));
        JsonNode data = Api.JSON.readTree(shown.getText());
        assertEquals("default", data.get("pool").asText());
        assertEquals("Browser^Bea", data.get("patientName").asText());

        assertEquals("a used ticket is refused", 401, events(ticket).statusCode());
        assertEquals("the browser's stream stays open", "open", list.getAttribute("data-state"));
    }

    @Test
    public void aTicketOpensOnlyTheEventStreamAndOnlyOnce() throws Exception {
        String token = api.deviceToken("admin", ADMIN_PASSWORD, ADMIN_DEVICE);
        String ticket = ticket(token, ADMIN_DEVICE);

        assertEquals("not on another inbox endpoint", 401,
                api.get(INBOX + "?ticket=" + ticket, null).status());
        assertEquals("not on the count either", 401, api.get(INBOX + "/count?ticket=" + ticket, null).status());
        assertEquals("not as a bearer token", 401, api.get(INBOX, ticket, DEVICE, ADMIN_DEVICE).status());
        assertEquals("not to get more tickets", 401, api.post(TICKETS + "?ticket=" + ticket, null, "").status());

        HttpResponse<Stream<String>> stream = events(ticket);
        try {
            assertEquals("the attempts elsewhere did not use the ticket up", 200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        } finally {
            stream.body().close();
        }
        assertEquals("a second use is refused", 401, events(ticket).statusCode());
        assertEquals(401, events("not-a-ticket").statusCode());
        assertEquals("a ticket needs a device-bound login", 403,
                api.post(TICKETS, administration, "").status());
    }

    @Test
    public void logoutVoidsTheSessionsUnusedTickets() throws Exception {
        String token = api.deviceToken("admin", ADMIN_PASSWORD, ADMIN_DEVICE);
        String ticket = ticket(token, ADMIN_DEVICE);

        assertEquals(204, api.post("/api/v1/auth/logout", token, "", DEVICE, ADMIN_DEVICE).status());

        assertEquals(401, events(ticket).statusCode());
    }

    @Test
    public void disablingAUserVoidsItsTicketsAndEndsItsOpenStream() throws Exception {
        api.newUser(administration, "vera");
        String token = api.deviceToken("vera", Api.passwordOf("vera"), "vera-phone");
        HttpResponse<Stream<String>> stream = events(ticket(token, "vera-phone"));
        assertEquals(200, stream.statusCode());
        String unused = ticket(token, "vera-phone");
        CompletableFuture<List<String>> whole = CompletableFuture.supplyAsync(() -> stream.body().toList());

        Api.Reply disabled = api.put("/api/v1/admin/users/vera", administration,
                "{\"enabled\":false,\"roles\":[\"user\"]}");
        assertEquals(disabled.body(), 200, disabled.status());

        assertEquals(401, events(unused).statusCode());
        // The stream is checked at its next heartbeat (every 30 s): the server ends it, the body completes.
        List<String> lines = whole.get(120, TimeUnit.SECONDS);
        assertTrue(lines.toString(), lines.get(0).startsWith(":"));
        assertFalse(lines.toString(), lines.stream().anyMatch(line -> line.startsWith("event:")));
    }

    @Test
    public void aPageOfAnotherOriginGetsNoTicketBecauseRayportSendsNoCorsHeaders() throws Exception {
        String token = api.deviceToken("admin", ADMIN_PASSWORD, ADMIN_DEVICE);
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = "<!DOCTYPE html><html><body><p id=\"other\">another origin</p></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        other.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();
        try {
            browser.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            ((JavascriptExecutor) browser).executeScript(String.join("\n",
                    "const [url, token, device] = arguments;",
                    "const mark = document.getElementById('other');",
                    "fetch(url, {method: 'POST', headers: {'Authorization': 'Bearer ' + token, 'X-Device-Id': device}})",
                    "  .then(answer => { mark.dataset.result = 'answered ' + answer.status; })",
                    "  .catch(failure => { mark.dataset.result = 'refused ' + failure.name; });"),
                    "http://127.0.0.1:" + server.httpPort + TICKETS, token, ADMIN_DEVICE);
            WebElement mark = browser.findElement(By.id("other"));
            new WebDriverWait(browser, PATIENCE).until(p -> mark.getAttribute("data-result") != null);
            assertEquals("refused TypeError", mark.getAttribute("data-result"));
        } finally {
            other.stop(0);
        }
    }

    private static String ticket(String token, String device) {
        Api.Reply answer = api.post(TICKETS, token, "", DEVICE, device);
        assertEquals(answer.body(), 200, answer.status());
        assertEquals("no-store", answer.header("Cache-Control"));
        assertEquals(60, answer.json().get("expiresInSeconds").asInt());
        String ticket = answer.json().get("ticket").asText();
        assertTrue(ticket, ticket.matches("[A-Za-z0-9_-]{43}"));
        tickets.add(ticket);
        return ticket;
    }

    /** Opens the stream with a ticket alone, as EventSource does (no Authorization, no device header). */
    private static HttpResponse<Stream<String>> events(String ticket) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort + INBOX
                        + "/events?ticket=" + ticket)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    private static void storescu(String study, String patient, int images) throws Exception {
        Path work = folder.newFolder().toPath();
        List<String> command = new ArrayList<>(List.of("storescu", "-aec", "RAYPORT", "127.0.0.1",
                Integer.toString(server.dicomPort)));
        for (int i = 1; i <= images; i++) {
            Path file = work.resolve("ct" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                    .write(TestImages.ct(patient, study, study + ".1", i, 64).build(), file);
            command.add(file.toString());
        }
        // The default pool's listener may still be starting: storescu is retried until it is accepted.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            PeerPrograms.Result sent = PeerPrograms.runAllowingFailure(work, command);
            if (sent.exitCode() == 0) {
                return;
            }
            assertTrue("storescu is accepted within 120 s: " + sent.output(), System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }
}
