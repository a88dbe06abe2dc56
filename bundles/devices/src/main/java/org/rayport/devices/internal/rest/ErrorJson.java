package org.rayport.devices.internal.rest;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Rayport's error body {@code {status,error,field}}, for refusals these resources answer themselves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorJson(int status, String error, String field) {

    static Response response(int status, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorJson(status, message, field)).build();
    }
}
