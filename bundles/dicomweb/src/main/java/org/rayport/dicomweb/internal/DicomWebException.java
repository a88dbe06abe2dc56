package org.rayport.dicomweb.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A refusal with Rayport's error body {@code {status,error,field}}. The body is written here as bytes, so that it
 * reaches the client whatever the request's Accept header asked for (a WADO-RS client asks for multipart).
 */
public class DicomWebException extends WebApplicationException {

    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    public DicomWebException(int status, String message) {
        this(status, message, null);
    }

    public DicomWebException(int status, String message, String field) {
        super(message, response(status, message, field));
    }

    static Response response(int status, String message, String field) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(body)) {
            json.writeStartObject();
            json.writeNumberField("status", status);
            json.writeStringField("error", message);
            if (field != null) {
                json.writeStringField("field", field);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toByteArray()).build();
    }

    static DicomWebException badRequest(String field, String message) {
        return new DicomWebException(400, message, field);
    }

    static DicomWebException notFound(String message) {
        return new DicomWebException(404, message);
    }

    static DicomWebException notAcceptable(String message) {
        return new DicomWebException(406, message);
    }
}
