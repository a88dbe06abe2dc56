package org.rayport.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Requests to the server under test whose answers are kept as bytes: for endpoints that answer DICOM, images,
 * multipart or ZIP as well as JSON ({@link Api} reads text only).
 */
final class RawHttp {

    static final String DEVICE = "X-Device-Id";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, Content-Type ("" when absent) and the body's bytes. */
    record Raw(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Api.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + text(), e);
            }
        }
    }

    private RawHttp() {
    }

    /** A request to {@code path} on the local server, with the bearer token and device ID when given. */
    static HttpRequest.Builder request(int port, String path, String token, String device) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (device != null) {
            builder.header(DEVICE, device);
        }
        return builder;
    }

    static Raw send(HttpRequest.Builder builder, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<byte[]> reply = HTTP.send(builder.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Raw(reply.statusCode(), reply.headers().firstValue("Content-Type").orElse(""), reply.body());
    }
}
