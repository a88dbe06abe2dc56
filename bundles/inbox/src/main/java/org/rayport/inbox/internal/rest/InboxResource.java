package org.rayport.inbox.internal.rest;

import java.util.List;
import java.util.Map;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.auth.DeviceRequired;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.Session;
import org.rayport.auth.StreamTicketAccepted;
import org.rayport.inbox.InboxEntry;
import org.rayport.inbox.InboxService;
import org.rayport.inbox.internal.InboxStreams;
import org.rayport.rest.RestApi;

/**
 * The caller's inbox: its entries, their count, opening and dismissing them, and a server-sent event stream that
 * announces each new or grown entry. Same authentication as every client endpoint (bearer token and X-Device-Id);
 * a browser's EventSource, which cannot set headers, first gets a single-use stream ticket with them and opens the
 * stream with {@code ?ticket=}. An open stream ends once its session no longer passes (logout, user disabled,
 * device blocked).
 */
@Component(service = InboxResource.class)
@JaxrsResource
@JaxrsName("rayport.client.inbox")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/client/inbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class InboxResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    public record InboxPage(int offset, int limit, List<InboxEntry> entries) {
    }

    private final InboxService inbox;
    private final InboxStreams streams;
    private final AuthService auth;

    @Context
    HttpServletRequest request;

    @Activate
    public InboxResource(@Reference InboxService inbox, @Reference InboxStreams streams,
                         @Reference AuthService auth) {
        this.inbox = inbox;
        this.streams = streams;
        this.auth = auth;
    }

    @GET
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public InboxPage entries(@QueryParam("offset") @DefaultValue("0") int offset,
                             @QueryParam("limit") @DefaultValue("50") int limit) {
        try {
            return new InboxPage(offset, limit, inbox.entries(userId(), offset, limit));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), e);
        }
    }

    @GET
    @Path("/count")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Map<String, Integer> count() {
        return Map.of("new", inbox.unseenCount(userId()));
    }

    @POST
    @Path("/{pool}/{study}/seen")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public void seen(@PathParam("pool") String pool, @PathParam("study") String study) {
        if (!inbox.markSeen(userId(), pool, study)) {
            throw notInInbox(pool, study);
        }
    }

    @DELETE
    @Path("/{pool}/{study}")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public void dismiss(@PathParam("pool") String pool, @PathParam("study") String study) {
        if (!inbox.dismiss(userId(), pool, study)) {
            throw notInInbox(pool, study);
        }
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    @StreamTicketAccepted
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        // Held for as long as the stream is open: without the token, which is kept nowhere in clear.
        Session session = session().withoutToken();
        streams.open(session.userId(), sink, sse, () -> auth.stillAdmitted(session));
    }

    /** A single-use ticket that opens {@code /events} once within a minute, for clients that cannot send headers. */
    @POST
    @Path("/events/tickets")
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public Response eventsTicket() {
        try {
            return Response.ok(auth.issueStreamTicket(session())).cacheControl(NO_STORE).build();
        } catch (LoginRefusedException ended) {
            throw new NotAuthorizedException(ended.getMessage(), "Bearer realm=\"rayport\"");
        }
    }

    private Session session() {
        return (Session) request.getAttribute(Session.REQUEST_ATTRIBUTE);
    }

    private String userId() {
        return session().userId();
    }

    private static NotFoundException notInInbox(String pool, String study) {
        return new NotFoundException("No inbox entry for study " + study + " of pool '" + pool + "'");
    }
}
