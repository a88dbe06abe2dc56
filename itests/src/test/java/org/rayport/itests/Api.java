package org.rayport.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Rayport's REST API over real HTTP, as a client sees it. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    /** A GET with one more header, such as the device ID that device-bound tokens need. */
    Reply get(String path, String token, String header, String value) {
        return send(request(path, token).header(header, value).GET());
    }

    Reply getWithBasicAuth(String path, String user, String password) {
        String credentials = java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + credentials).GET());
    }

    Reply delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    /** A DELETE with one more header, such as the device ID that device-bound tokens need. */
    Reply delete(String path, String token, String header, String value) {
        return send(request(path, token).header(header, value).DELETE());
    }

    Reply post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with one more header, such as the device ID that device-bound tokens need. */
    Reply post(String path, String token, String json, String header, String value) {
        return send(request(path, token).header(header, value).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A PUT whose body is not JSON, such as a licence file. */
    Reply put(String path, String token, String contentType, byte[] body) {
        return send(request(path, token).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Logs in and answers the token; fails the test when the login is refused. */
    String login(String user, String password) {
        Reply reply = post("/api/v1/auth/login", null, json("username", user, "password", password));
        if (reply.status() != 200) {
            throw new AssertionError("Login of " + user + " refused: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("token").asText();
    }

    /** The password of a user made by {@link #newUser}. */
    static String passwordOf(String user) {
        return "Pass-of-" + user + "-1";
    }

    /**
     * A user with the role user, made by an administrator, who has already replaced the initial password by
     * {@link #passwordOf} (the server allows nothing else before that); fails the test when a step is refused.
     */
    void newUser(String adminToken, String id) {
        String initial = "First-Pass-" + id;
        Reply created = post("/api/v1/admin/users", adminToken, json("id", id, "name", "User " + id,
                "password", initial, "enabled", true, "roles", new String[] {"user"}));
        if (created.status() != 201) {
            throw new AssertionError("User " + id + " not created: " + created.status() + " " + created.body());
        }
        Reply changed = post("/api/v1/auth/password", login(id, initial),
                json("oldPassword", initial, "newPassword", passwordOf(id)));
        if (changed.status() != 204) {
            throw new AssertionError("Password change of " + id + " refused: " + changed.status() + " "
                    + changed.body());
        }
    }

    /** Logs in with a device and answers the device-bound token; fails the test when the login is refused. */
    String deviceToken(String user, String password, String deviceId) {
        Reply login = post("/api/v1/auth/login", null, json("username", user, "password", password,
                "deviceId", deviceId, "deviceName", "Device " + deviceId));
        if (login.status() != 200) {
            throw new AssertionError("Login of " + user + " on " + deviceId + " refused: " + login.status() + " "
                    + login.body());
        }
        return login.json().get("token").asText();
    }

    /** The first login of a new server: reads the generated password and replaces it, as a new administrator would. */
    String firstAdminLogin(Path home, String newPassword) throws IOException {
        String initial = Files.readString(home.resolve("initial-admin-password")).strip();
        String token = login("admin", initial);
        Reply change = post("/api/v1/auth/password", token, json("oldPassword", initial, "newPassword", newPassword));
        if (change.status() != 204) {
            throw new AssertionError("Password change refused: " + change.status() + " " + change.body());
        }
        return token;
    }

    boolean healthy() {
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return reply.statusCode() == 200 && reply.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One endpoint of each bundle that serves some: when all are listed, every resource has arrived. */
    static final List<String> ONE_PATH_PER_FEATURE = List.of("/api/v1/auth/login", "/api/v1/admin/users",
            "/api/v1/admin/pools", "/api/v1/client/pacs", "/api/v1/admin/license", "/api/v1/admin/devices",
            "/api/v1/client/studies", "/dicomweb/studies", "/api/v1/client/inbox", "/api/v1/admin/pacs-upload",
            "/api/v1/client/uploads");

    /**
     * Waits until the server answers and every feature's endpoints are served. Health alone is not enough: the JAX-RS
     * whiteboard rebuilds its application each time another bundle's resource arrives, and a request during a
     * rebuild gets 404 "No service was found".
     */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!healthy() || !servesEveryFeature()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Rayport at " + base + " did not serve every feature within " + timeout
                        + ": " + whatIsMissing());
            }
            Thread.sleep(200);
        }
    }

    /** What a start that never became ready still lacks, in words, for the failure message. */
    String whatIsMissing() {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            String said = "health answered " + health.statusCode() + " " + health.body();
            Reply document = get("/api/v1/openapi.json", null);
            if (document.status() != 200) {
                return said + "; openapi.json answered " + document.status();
            }
            JsonNode paths = document.json().get("paths");
            return said + "; not yet served: " + ONE_PATH_PER_FEATURE.stream().filter(p -> !paths.has(p)).toList();
        } catch (IOException | AssertionError e) {
            return "no HTTP answer (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    boolean servesEveryFeature() {
        try {
            Reply document = get("/api/v1/openapi.json", null);
            if (document.status() != 200) {
                return false;
            }
            JsonNode paths = document.json().get("paths");
            return ONE_PATH_PER_FEATURE.stream().allMatch(paths::has);
        } catch (AssertionError notYet) {
            return false;
        }
    }

    static String json(Object... keysAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node.toString();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(reply.statusCode(), reply.body(), reply);
        } catch (IOException e) {
            throw new AssertionError("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
