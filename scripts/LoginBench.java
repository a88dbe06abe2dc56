// Login + authenticated-read benchmark for the Rayport REST API.
//
// Run (JDK 17, single-file source launch, no dependencies):
//   RAYPORT_ADMIN_PASSWORD=... java scripts/LoginBench.java http://127.0.0.1:8181 [warmup] [iterations]
//
// The password is read from the environment, never from the command line, so
// it does not appear in `ps`. If the server demands a password change on first
// login, a random new password is set (and printed to stderr, so a kept
// RAYPORT_HOME stays usable).
//
// Each iteration = POST /api/v1/auth/login + GET /api/v1/admin/users with the
// fresh token; the time of the pair is recorded. Prints p50/p99/mean/max in ms.
// It measures; it asserts nothing beyond "the requests succeed".

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class LoginBench {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern MUST_CHANGE = Pattern.compile("\"mustChangePassword\"\\s*:\\s*true");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String base;

    LoginBench(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RAYPORT_ADMIN_PASSWORD=... java LoginBench.java BASE_URL [warmup] [iterations]");
            System.exit(2);
        }
        String password = System.getenv("RAYPORT_ADMIN_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("LoginBench: RAYPORT_ADMIN_PASSWORD is not set");
            System.exit(2);
        }
        String user = System.getenv().getOrDefault("RAYPORT_BENCH_USER", "admin");
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        new LoginBench(args[0]).run(user, password, warmup, iterations);
    }

    void run(String user, String password, int warmup, int iterations) throws Exception {
        String body = login(user, password);
        if (MUST_CHANGE.matcher(body).find()) {
            String newPassword = randomPassword();
            String json = "{\"oldPassword\":" + quote(password) + ",\"newPassword\":" + quote(newPassword) + "}";
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/auth/password"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token(body))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
            check(r, "POST /api/v1/auth/password");
            System.err.println("LoginBench: first login required a password change; changed it (the new one is kept in memory only)");
            password = newPassword;
            body = login(user, password);
            if (MUST_CHANGE.matcher(body).find()) {
                throw new IllegalStateException("still mustChangePassword after changing it: " + body);
            }
        }

        for (int i = 0; i < warmup; i++) {
            iteration(user, password);
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            iteration(user, password);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        System.out.printf("login+users  n=%d  p50=%.2f ms  p99=%.2f ms  mean=%.2f ms  max=%.2f ms%n",
                iterations, pct(nanos, 50), pct(nanos, 99), mean, nanos[nanos.length - 1] / 1e6);
        // Machine-readable line for bench-foundation.sh.
        System.out.printf("RESULT p50=%.2f p99=%.2f mean=%.2f max=%.2f%n",
                pct(nanos, 50), pct(nanos, 99), mean, nanos[nanos.length - 1] / 1e6);
    }

    private void iteration(String user, String password) throws Exception {
        String token = token(login(user, password));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/admin/users"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build());
        check(r, "GET /api/v1/admin/users");
    }

    private String login(String user, String password) throws Exception {
        String json = "{\"username\":" + quote(user) + ",\"password\":" + quote(password) + "}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        check(r, "POST /api/v1/auth/login");
        return r.body();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static void check(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " -> HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    private static String token(String body) {
        Matcher m = TOKEN.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token in login response: " + body);
        }
        return m.group(1);
    }

    // Nearest-rank percentile on sorted data.
    private static double pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // Mixed classes so that any reasonable password policy accepts it.
    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom rnd = new SecureRandom();
        StringBuilder sb = new StringBuilder("Rb-9");
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.append("!x7Q").toString();
    }
}
