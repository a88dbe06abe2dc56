package org.rayport.client.internal.rest;

import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.rayport.client.internal.InvalidParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refusals of the client API as Rayport's JSON errors, answered by the resources themselves (as the pools resource
 * does): an exception mapper of this bundle arriving late would make the whiteboard rebuild the application.
 */
final class ClientErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);

    private ClientErrors() {
    }

    static WebApplicationException error(int status, String message, String field) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ClientDtos.ErrorJson(status, message, field)).build());
    }

    static WebApplicationException badParameter(InvalidParameter refused) {
        return error(400, refused.getMessage(), refused.parameter());
    }

    /** The same answer whether the pool lacks it or the caller may not see the pool. */
    static WebApplicationException notFound(String what, String pool) {
        return error(404, "No " + what + " in pool '" + pool + "'", null);
    }

    /** A failure of the store or a damaged file: logged with an incident id that the answer names. */
    static WebApplicationException internal(String what, Exception cause) {
        String incident = UUID.randomUUID().toString();
        LOG.error("{} failed, incident {}", what, incident, cause);
        return error(500, what + " failed, incident " + incident + " (see the server log)", null);
    }
}
