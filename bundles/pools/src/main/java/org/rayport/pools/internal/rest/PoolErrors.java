package org.rayport.pools.internal.rest;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.rayport.pools.PoolException;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Pool refusals as Rayport JSON errors: 404, 409 or 400 naming the field. */
public final class PoolErrors {

    private PoolErrors() {
    }

    /** The same shape as every Rayport error: {@code {status, error, field}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(int status, String error, String field) {
    }

    static Response toResponse(PoolException refused) {
        int status = switch (refused.reason()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
        };
        String field = refused instanceof InvalidPoolField invalid ? invalid.field() : null;
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status, refused.getMessage(), field)).build();
    }
}
