package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.rayport.itests.Api.Reply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Devices and two-factor logins over real HTTP and SSH in the running distribution, in evaluation mode (2 device
 * licences): approval policies, the licence limit, blocked and removed devices refused at once with tokens issued
 * before, TOTP enrolment and logins with codes computed here as an authenticator app does.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DevicesIT extends RayportTestSupport {

    private static final String DEVICE = "X-Device-Id";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private String admin;

    /** A user with the role user whose first password is already changed. */
    private void newUser(String id) throws IOException {
        admin = adminToken();
        api().newUser(admin, id);
    }

    private static String password(String user) {
        return Api.passwordOf(user);
    }

    private Reply login(String user, String deviceId, String totp) {
        return api().post("/api/v1/auth/login", null, Api.json("username", user, "password", password(user),
                "deviceId", deviceId, "deviceName", deviceId == null ? null : "Device " + deviceId, "totp", totp));
    }

    private String deviceToken(String user, String deviceId) {
        Reply login = login(user, deviceId, null);
        assertEquals(login.body(), 200, login.status());
        assertEquals(deviceId, login.json().get("deviceId").asText());
        return login.json().get("token").asText();
    }

    private Reply me(String token, String deviceId) {
        return deviceId == null ? api().get("/api/v1/client/me", token)
                : api().get("/api/v1/client/me", token, DEVICE, deviceId);
    }

    private static void assertRefused(Reply reply, int status, String reason, String messagePart) {
        assertEquals(reply.body(), status, reply.status());
        if (reason != null) {
            assertEquals(reply.body(), reason, reply.json().get("reason").asText());
        }
        assertTrue(reply.body(), reply.json().get("error").asText().contains(messagePart));
    }

    private JsonNode devices() {
        Reply list = api().get("/api/v1/admin/devices", admin);
        assertEquals(list.body(), 200, list.status());
        return list.json();
    }

    private void removeAllDevices() {
        for (JsonNode device : devices().get("devices")) {
            assertEquals(204, api().delete("/api/v1/admin/devices/" + device.get("userId").asText() + "/"
                    + device.get("deviceId").asText(), admin).status());
        }
        assertEquals(0, devices().get("activeDevices").asInt());
    }

    private Reply adminPost(String path) {
        return api().post(path, admin, "");
    }

    /** As an operator does it: through the shell; ConfigAdmin hands it to the devices component a moment later. */
    private void setPolicy(String policy) throws Exception {
        Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "config:property-set -p org.rayport.devices approvalPolicy " + policy);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!policy.equals(devices().get("policy").asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The approval policy did not become " + policy);
            }
            Thread.sleep(100);
        }
    }

    private String shell(String command) throws IOException {
        return Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, command);
    }

    @Test
    public void a_firstDeviceOnlyApprovalLicenceLimitBlockAndRemove() throws Exception {
        newUser("dana");
        newUser("erik");
        assertEquals("the default policy", "FIRST_DEVICE", devices().get("policy").asText());
        assertEquals(2, devices().get("maxDevices").asInt());

        assertRefused(me(admin, null), 403, null, "needs a login from an approved device");

        String phone = deviceToken("dana", "dana-phone");
        Reply me = me(phone, "dana-phone");
        assertEquals(me.body(), 200, me.status());
        assertEquals("dana", me.json().get("userId").asText());
        assertEquals("dana-phone", me.json().get("device").get("deviceId").asText());
        assertEquals("APPROVED", me.json().get("device").get("state").asText());
        assertRefused(me(phone, null), 401, null, "X-Device-Id");
        assertRefused(me(phone, "someone-elses"), 401, null, "another device");
        assertEquals("admin REST stays closed to a user's device token", 403,
                api().get("/api/v1/admin/devices", phone, DEVICE, "dana-phone").status());

        assertRefused(login("dana", "dana-tablet", null), 403, "DEVICE_PENDING", "waits for approval");
        assertEquals("PENDING", api().get("/api/v1/admin/devices/dana/dana-tablet", admin).json().get("state").asText());
        Reply approved = adminPost("/api/v1/admin/devices/dana/dana-tablet/approve");
        assertEquals(approved.body(), 200, approved.status());
        String tablet = deviceToken("dana", "dana-tablet");
        assertEquals(200, me(tablet, "dana-tablet").status());
        assertEquals(2, devices().get("activeDevices").asInt());

        assertRefused(login("erik", "erik-phone", null), 403, "DEVICE_LIMIT",
                "evaluation mode allows 2 active devices");
        assertRefused(adminPost("/api/v1/admin/devices/erik/erik-phone/approve"), 409, null,
                "evaluation mode allows 2 active devices");

        assertEquals(204, api().delete("/api/v1/admin/devices/dana/dana-tablet", admin).status());
        assertEquals("a removed device's token is refused at once", 401, me(tablet, "dana-tablet").status());
        String erik = deviceToken("erik", "erik-phone");
        assertEquals(200, me(erik, "erik-phone").status());

        assertEquals("BLOCKED", adminPost("/api/v1/admin/devices/erik/erik-phone/block").json().get("state").asText());
        assertRefused(me(erik, "erik-phone"), 403, null, "blocked");
        assertRefused(login("erik", "erik-phone", null), 403, "DEVICE_BLOCKED", "blocked");
        assertEquals("blocking freed a licence", 1, devices().get("activeDevices").asInt());

        assertEquals(204, api().post("/api/v1/auth/logout", phone, "", DEVICE, "dana-phone").status());
        assertEquals("logged out", 401, me(phone, "dana-phone").status());
        removeAllDevices();
    }

    @Test
    public void b_allAndNoneModesAndTheShellCommands() throws Exception {
        admin = adminToken();
        try {
            setPolicy("ALL");
            deviceToken("dana", "dana-a1");
            deviceToken("dana", "dana-a2");
            removeAllDevices();

            setPolicy("NONE");
            assertRefused(login("dana", "dana-n1", null), 403, "DEVICE_PENDING", "waits for approval");
            assertTrue(shell("rayport:device-list dana"), shell("rayport:device-list dana").contains("PENDING"));
            String approved = shell("rayport:device-approve dana dana-n1");
            assertTrue(approved, approved.contains("APPROVED"));
            String token = deviceToken("dana", "dana-n1");
            assertEquals(200, me(token, "dana-n1").status());
            String list = shell("rayport:device-list");
            assertTrue(list, list.contains("dana-n1") && list.contains("APPROVED") && list.contains("policy: NONE"));

            shell("rayport:device-block dana dana-n1");
            assertRefused(me(token, "dana-n1"), 403, null, "blocked");
            shell("rayport:device-remove dana dana-n1");
            assertFalse(shell("rayport:device-list dana").contains("dana-n1"));
            String unknown = shell("rayport:device-approve dana no-such-device");
            assertTrue(unknown, unknown.contains("has no device 'no-such-device'"));
        } finally {
            setPolicy("FIRST_DEVICE");
        }
        removeAllDevices();
    }

    @Test
    public void c_twoFactorEnrolmentLoginsReplayAndReset() throws Exception {
        newUser("fred");
        String token = api().login("fred", password("fred"));
        assertEquals("OFF", api().get("/api/v1/two-factor", token).json().get("state").asText());

        Reply enrolment = api().post("/api/v1/two-factor/enrol", token, "");
        assertEquals(enrolment.body(), 200, enrolment.status());
        String uri = enrolment.json().get("otpauthUri").asText();
        String secret = enrolment.json().get("secret").asText();
        assertTrue(uri, uri.startsWith("otpauth://totp/Rayport%3Afred?secret=" + secret + "&issuer=Rayport"));
        byte[] png = Base64.getDecoder().decode(enrolment.json().get("qrCodePng").asText());
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("ENROLLING", api().get("/api/v1/two-factor", token).json().get("state").asText());

        byte[] key = base32(secret);
        long step = Instant.now().getEpochSecond() / 30;
        assertEquals(400, api().post("/api/v1/two-factor/confirm", token,
                Api.json("code", wrong(key, step))).status());
        assertEquals(204, api().post("/api/v1/two-factor/confirm", token, Api.json("code", code(key, step))).status());
        assertEquals("ACTIVE", api().get("/api/v1/admin/two-factor/fred", admin).json().get("state").asText());

        assertRefused(login("fred", null, null), 401, "SECOND_FACTOR_REQUIRED", "two-factor");
        assertRefused(login("fred", null, wrong(key, step + 1)), 401, "SECOND_FACTOR_WRONG", "wrong");
        // The confirmation used this step's code; the next step's is accepted already (one step of tolerance).
        String next = code(key, step + 1);
        Reply withCode = login("fred", "fred-phone", next);
        assertEquals(withCode.body(), 200, withCode.status());
        assertRefused(login("fred", "fred-phone", next), 401, "SECOND_FACTOR_WRONG", "used already");
        Reply replace = api().post("/api/v1/two-factor/enrol", withCode.json().get("token").asText(), "", DEVICE,
                "fred-phone");
        assertRefused(replace, 409, null, "an administrator can reset it");

        assertEquals(204, api().delete("/api/v1/admin/two-factor/fred", admin).status());
        assertEquals(200, login("fred", null, null).status());

        String again = api().login("fred", password("fred"));
        byte[] newKey = base32(api().post("/api/v1/two-factor/enrol", again, "").json().get("secret").asText());
        long now = Instant.now().getEpochSecond() / 30;
        assertEquals(204, api().post("/api/v1/two-factor/confirm", again, Api.json("code", code(newKey, now))).status());
        assertEquals(401, login("fred", null, null).status());
        String reset = shell("rayport:two-factor-reset fred");
        assertTrue(reset, reset.contains("ACTIVE; now OFF"));
        assertEquals(200, login("fred", null, null).status());
        removeAllDevices();
    }

    @Test
    public void d_wrongCodesAreThrottledThoughThePasswordIsRight() throws Exception {
        newUser("gina");
        String token = api().login("gina", password("gina"));
        byte[] key = base32(api().post("/api/v1/two-factor/enrol", token, "").json().get("secret").asText());
        long step = Instant.now().getEpochSecond() / 30;
        assertEquals(204, api().post("/api/v1/two-factor/confirm", token, Api.json("code", code(key, step))).status());
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertRefused(login("gina", null, wrong(key, step + 1)), 401, "SECOND_FACTOR_WRONG", "wrong");
        }
        Reply locked = login("gina", null, code(key, step + 1));
        assertRefused(locked, 429, "THROTTLED", "");
        assertTrue(locked.header("Retry-After"), Integer.parseInt(locked.header("Retry-After")) > 0);
    }

    @Test
    public void e_theWebConsoleApprovesDevicesAndResetsTwoFactor() throws Exception {
        admin = adminToken();
        deviceToken("erik", "erik-first");
        assertRefused(login("erik", "erik-console", null), 403, "DEVICE_PENDING", "waits for approval");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + httpPort();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/rayport-devices?user=erik"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page, page.contains("data-id=\"erik/erik-console\"") && page.contains("rayport-approve")
                && page.contains("Approval policy: a user"));
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(page, csrf.find());
        String token = URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);

        HttpResponse<String> approved = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/system/console/rayport-devices")).header("Authorization", basic).header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=approve&user=erik&device=erik-console&csrf="
                        + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(approved.body(), 303, approved.statusCode());
        assertEquals("APPROVED", api().get("/api/v1/admin/devices/erik/erik-console", admin).json().get("state")
                .asText());
        assertEquals(200, me(deviceToken("erik", "erik-console"), "erik-console").status());

        String users = http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/rayport-users"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue("gina enrolled in the test before", users.contains("rayport-reset-two-factor"));
        Matcher usersCsrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(users);
        assertTrue(usersCsrf.find());
        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/system/console/rayport-users")).header("Authorization", basic).header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=reset-two-factor&id=gina&csrf="
                        + URLEncoder.encode(usersCsrf.group(1), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(reset.body(), 303, reset.statusCode());
        assertEquals("OFF", api().get("/api/v1/admin/two-factor/gina", admin).json().get("state").asText());
        removeAllDevices();
    }

    /** RFC 6238 with SHA-1, 6 digits, as the authenticator app computes it. */
    private static String code(byte[] key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[19] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A code that is none of the accepted window's. */
    private static String wrong(byte[] key, long step) {
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(code(key, step - 1)) && !code.equals(code(key, step)) && !code.equals(code(key, step + 1))
                    && !code.equals(code(key, step + 2))) {
                return code;
            }
        }
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
