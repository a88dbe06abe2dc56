package org.rayport.rest.internal.json;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every error Rayport answers: the HTTP status, a message for a person, and the field at fault where there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String field) {

    public static Response response(Response.Status status, String message) {
        return response(status.getStatusCode(), message, null);
    }

    public static Response response(int status, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status, message, field)).build();
    }
}
