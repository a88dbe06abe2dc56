package org.rayport.rest.internal.json;

import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Response.Status;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rayport.auth.LoginRefusedException;
import org.rayport.people.ConflictException;
import org.rayport.people.InvalidInputException;
import org.rayport.people.PeopleException;
import org.rayport.people.UnknownPersonException;
import org.rayport.people.WrongPasswordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns exceptions into JSON errors with the right status; unexpected ones are logged with an ID the client sees. */
public final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    @Component(service = ExceptionMapper.class)
    @JaxrsExtension
    @JaxrsName("rayport.errors.people")
    public static class People implements ExceptionMapper<PeopleException> {
        @Override
        public Response toResponse(PeopleException e) {
            if (e instanceof UnknownPersonException) {
                return ErrorBody.response(Status.NOT_FOUND, e.getMessage());
            }
            if (e instanceof ConflictException) {
                return ErrorBody.response(Status.CONFLICT, e.getMessage());
            }
            if (e instanceof InvalidInputException invalid) {
                return ErrorBody.response(400, e.getMessage(), invalid.field());
            }
            if (e instanceof WrongPasswordException) {
                return ErrorBody.response(400, e.getMessage(), "oldPassword");
            }
            return ErrorBody.response(Status.BAD_REQUEST, e.getMessage());
        }
    }

    @Component(service = ExceptionMapper.class)
    @JaxrsExtension
    @JaxrsName("rayport.errors.login")
    public static class Login implements ExceptionMapper<LoginRefusedException> {
        @Override
        public Response toResponse(LoginRefusedException e) {
            if (e.reason() == LoginRefusedException.Reason.THROTTLED) {
                Response throttled = ErrorBody.response(429, e.getMessage(), null);
                return Response.fromResponse(throttled)
                        .header("Retry-After", Math.max(1, e.retryAfter().toSeconds())).build();
            }
            return ErrorBody.response(Status.UNAUTHORIZED, e.getMessage());
        }
    }

    @Component(service = ExceptionMapper.class)
    @JaxrsExtension
    @JaxrsName("rayport.errors.json")
    public static class Json implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (e instanceof UnrecognizedPropertyException unknown) {
                return ErrorBody.response(400, "unknown field '" + unknown.getPropertyName() + "'",
                        unknown.getPropertyName());
            }
            return ErrorBody.response(400, "Malformed JSON: " + e.getOriginalMessage(), null);
        }
    }

    @Component(service = ExceptionMapper.class)
    @JaxrsExtension
    @JaxrsName("rayport.errors.web")
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            if (original.hasEntity()) {
                return original;
            }
            String message = e.getMessage() == null ? original.getStatusInfo().getReasonPhrase() : e.getMessage();
            Response.ResponseBuilder json = Response.status(original.getStatus())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(original.getStatus(), message, null));
            original.getHeaders().forEach((name, values) -> {
                if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                    values.forEach(value -> json.header(name, value));
                }
            });
            return json.build();
        }
    }

    @Component(service = ExceptionMapper.class)
    @JaxrsExtension
    @JaxrsName("rayport.errors.unexpected")
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Unexpected error, incident {}", incident, e);
            return ErrorBody.response(500, "Internal error, incident " + incident + " (see the server log)", null);
        }
    }
}
