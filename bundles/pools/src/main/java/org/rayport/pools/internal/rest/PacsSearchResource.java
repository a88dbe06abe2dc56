package org.rayport.pools.internal.rest;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.auth.DeviceRequired;
import org.rayport.auth.Session;
import org.rayport.pools.PacsException;
import org.rayport.pools.PacsQuery;
import org.rayport.pools.PacsSearch;
import org.rayport.pools.PacsSeries;
import org.rayport.pools.PacsStudy;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.internal.PacsRetrievals;
import org.rayport.rest.RestApi;

/**
 * Clients search the PACS behind a query/retrieve pool and retrieve studies into it; what arrives then shows in the
 * user's view of the pool. Only pools the user may see answer; the others are 404, as if they did not exist.
 */
@Component(service = PacsSearchResource.class)
@JaxrsResource
@JaxrsName("rayport.client.pacs")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/client/pacs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class PacsSearchResource {

    /** A query/retrieve pool the user may search. */
    public record PacsPoolDto(String pool, String name, String state, String lastError) {
    }

    /** @param seriesInstanceUid absent for the whole study */
    public record RetrieveRequest(String studyInstanceUid, String seriesInstanceUid) {
    }

    public record RetrievalDto(String id, String pool, String studyInstanceUid, String seriesInstanceUid,
                               String startedAt, String method, int completed, int remaining, int failed,
                               int warnings, boolean done, boolean succeeded, String message) {

        static RetrievalDto of(PacsRetrievals.Retrieval r) {
            var p = r.progress();
            String message = r.error() != null ? r.error() : p == null ? "waiting" : p.message();
            return new RetrievalDto(r.id(), r.poolId(), r.studyInstanceUid(), r.seriesInstanceUid(),
                    r.startedAt().toString(), p == null ? null : p.method().name(), p == null ? 0 : p.completed(),
                    p == null ? -1 : p.remaining(), p == null ? 0 : p.failed(), p == null ? 0 : p.warnings(),
                    r.ended(), r.error() == null && p != null && p.succeeded(), message);
        }
    }

    private final PoolService pools;
    private final Map<String, PacsSearch> pacsByPool = new ConcurrentHashMap<>();
    private final PacsRetrievals retrievals = new PacsRetrievals(Clock.systemUTC());

    @Context
    HttpServletRequest request;

    @Activate
    public PacsSearchResource(@Reference PoolService pools) {
        this.pools = pools;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPacs(PacsSearch pacs) {
        pacsByPool.put(pacs.poolId(), pacs);
    }

    void removePacs(PacsSearch pacs) {
        pacsByPool.remove(pacs.poolId(), pacs);
    }

    @Deactivate
    void deactivate() {
        retrievals.close();
    }

    @GET
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public List<PacsPoolDto> pacsPools() {
        Set<String> visible = pools.visibleTo(userId());
        Map<String, PoolStatus> statuses = new ConcurrentHashMap<>();
        pools.statuses().forEach(status -> statuses.put(status.poolId(), status));
        return pools.pools().stream()
                .filter(pool -> visible.contains(pool.id()) && pacsByPool.containsKey(pool.id()))
                .map(pool -> {
                    PoolStatus status = statuses.get(pool.id());
                    return new PacsPoolDto(pool.id(), pool.name(), status == null ? null : status.state().name(),
                            status == null ? null : status.lastError());
                })
                .toList();
    }

    @GET
    @Path("/{pool}/studies")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public List<PacsStudy> studies(@PathParam("pool") String poolId, @QueryParam("patientName") String patientName,
                                   @QueryParam("patientId") String patientId,
                                   @QueryParam("accessionNumber") String accessionNumber,
                                   @QueryParam("from") String from, @QueryParam("to") String to,
                                   @QueryParam("modality") String modality,
                                   @QueryParam("limit") @DefaultValue("100") int limit,
                                   @QueryParam("caseSensitivePacs") @DefaultValue("true") boolean caseSensitivePacs) {
        PacsSearch pacs = visiblePacs(poolId);
        PacsQuery query = parameters(() -> new PacsQuery(patientName, patientId, accessionNumber,
                date("from", from), date("to", to), modality, caseSensitivePacs, limit));
        return asked(() -> pacs.findStudies(query));
    }

    @GET
    @Path("/{pool}/studies/{study}/series")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public List<PacsSeries> series(@PathParam("pool") String poolId, @PathParam("study") String study) {
        PacsSearch pacs = visiblePacs(poolId);
        return asked(() -> pacs.findSeries(study));
    }

    @POST
    @Path("/{pool}/retrievals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response retrieve(@PathParam("pool") String poolId, RetrieveRequest body) {
        PacsSearch pacs = visiblePacs(poolId);
        if (body == null || body.studyInstanceUid() == null || body.studyInstanceUid().isBlank()) {
            throw refused(400, "studyInstanceUid is required", "studyInstanceUid");
        }
        try {
            PacsRetrievals.Retrieval started = retrievals.start(userId(), pacs, body.studyInstanceUid().strip(),
                    body.seriesInstanceUid() == null || body.seriesInstanceUid().isBlank() ? null
                            : body.seriesInstanceUid().strip());
            return Response.accepted(RetrievalDto.of(started))
                    .location(URI.create(RestApi.BASE + "/client/pacs/retrievals/" + started.id())).build();
        } catch (RejectedExecutionException full) {
            throw refused(503, "Too many retrievals are waiting; try again in a few minutes", null);
        }
    }

    @GET
    @Path("/retrievals")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public List<RetrievalDto> myRetrievals() {
        return retrievals.of(userId()).stream().map(RetrievalDto::of).toList();
    }

    @GET
    @Path("/retrievals/{id}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public RetrievalDto retrieval(@PathParam("id") String id) {
        return retrievals.of(userId(), id).map(RetrievalDto::of)
                .orElseThrow(() -> refused(404, "No retrieval " + id, null));
    }

    private String userId() {
        return ((Session) request.getAttribute(Session.REQUEST_ATTRIBUTE)).userId();
    }

    private PacsSearch visiblePacs(String poolId) {
        PacsSearch pacs = pacsByPool.get(poolId);
        if (pacs == null || !pools.visibleTo(userId()).contains(poolId)) {
            throw refused(404, "No query/retrieve pool " + poolId, null);
        }
        return pacs;
    }

    private static LocalDate date(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw refused(400, parameter + " must be a date as YYYY-MM-DD, not '" + value + "'", parameter);
        }
    }

    /** PacsQuery names what it refuses at the start of its message; the parameters here are named after it. */
    private static <T> T parameters(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String field = message.startsWith("limit") ? "limit" : message.startsWith("studyDateTo") ? "to" : null;
            throw refused(400, message, field);
        }
    }

    /** A PACS that does not answer is the gateway's fault in HTTP terms: 502, or 503 for a pool that is off. */
    private static <T> T asked(Supplier<T> call) {
        try {
            return call.get();
        } catch (PacsException e) {
            throw refused(e.reason() == PacsException.Reason.UNAVAILABLE ? 503 : 502, e.getMessage(), null);
        }
    }

    private static WebApplicationException refused(int status, String message, String field) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new PoolErrors.ErrorBody(status, message, field)).build());
    }
}
