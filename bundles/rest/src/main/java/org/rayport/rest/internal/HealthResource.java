package org.rayport.rest.internal;

import java.time.Duration;
import java.time.Instant;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.core.ServerInfo;
import org.rayport.rest.RestApi;

/**
 * Liveness for load balancers, monitoring and the start script. Says nothing about patients or people.
 * <p>
 * While Karaf is still starting bundles the answer is 503 {@code STARTING}, not {@code UP}: the endpoints of bundles
 * started later are not served yet, and a load balancer or an operator's script should not send clients in.
 */
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
    private final FrameworkStartLevel framework;
    private final int readyStartLevel;

    @Activate
    public HealthResource(@Reference ServerInfo server, BundleContext context) {
        this.server = server;
        this.framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class);
        String beginning = context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL);
        this.readyStartLevel = beginning == null ? 1 : Integer.parseInt(beginning.trim());
    }

    @GET
    @PermitAll
    public Response health() {
        boolean started = framework.getStartLevel() >= readyStartLevel;
        Health health = new Health(started ? "UP" : "STARTING", server.version(),
                Duration.between(server.startedAt(), Instant.now()).toSeconds());
        return Response.status(started ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(health).build();
    }
}
