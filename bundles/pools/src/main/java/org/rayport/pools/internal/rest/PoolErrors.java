package org.rayport.pools.internal.rest;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rayport.pools.PoolException;
import org.rayport.rest.RestApi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Refused pool changes as Rayport's JSON errors: unknown id 404, conflict 409, invalid 400 with the field. Without
 * it they would reach the REST bundle's catch-all and answer 500.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName(PoolErrors.NAME)
@JaxrsExtensionSelect(RestApi.REQUIRED_EXTENSIONS_JSON)
public class PoolErrors implements ExceptionMapper<PoolException> {

    static final String NAME = "rayport.errors.pools";
    /** For the pool resource's {@code @JaxrsExtensionSelect}: it is only served together with this mapper. */
    static final String REQUIRED = "(osgi.jaxrs.name=" + NAME + ")";

    /** The same shape as every Rayport error: {@code {status, error, field}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(int status, String error, String field) {
    }

    @Override
    public Response toResponse(PoolException refused) {
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
