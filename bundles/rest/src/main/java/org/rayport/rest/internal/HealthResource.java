package org.rayport.rest.internal;

import java.time.Duration;
import java.time.Instant;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.core.ServerInfo;
import org.rayport.rest.RestApi;

/** Liveness for load balancers, monitoring and the start script. Says nothing about patients or people. */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsName("rayport.health")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    public record Health(String status, String version, long uptimeSeconds) {
    }

    private final ServerInfo server;

    @Activate
    public HealthResource(@Reference ServerInfo server) {
        this.server = server;
    }

    @GET
    @PermitAll
    public Health health() {
        return new Health("UP", server.version(), Duration.between(server.startedAt(), Instant.now()).toSeconds());
    }
}
