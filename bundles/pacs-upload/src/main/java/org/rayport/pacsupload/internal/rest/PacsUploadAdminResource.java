package org.rayport.pacsupload.internal.rest;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.pacsupload.PacsUpload;
import org.rayport.pacsupload.PacsUploadException;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.pacsupload.UploadState;
import org.rayport.pacsupload.UploadSummary;
import org.rayport.rest.RestApi;

/** The PACS upload queue for the administrator: settings and counts, the entries, a retry. */
@Component(service = PacsUploadAdminResource.class)
@JaxrsResource
@JaxrsName("rayport.admin.pacs-upload")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/admin/pacs-upload")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_ADMIN)
public class PacsUploadAdminResource {

    /** The same shape as every Rayport error: {@code {status, error}}. */
    public record ErrorBody(int status, String error) {
    }

    private final PacsUpload upload;

    @Activate
    public PacsUploadAdminResource(@Reference PacsUpload upload) {
        this.upload = upload;
    }

    @GET
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public UploadSummary summary() {
        return upload.summary();
    }

    @GET
    @Path("/queue")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public List<UploadEntry> queue(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("100") int limit) {
        return answer(() -> upload.entries(state(state), limit));
    }

    @POST
    @Path("/queue/{id}/retry")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public UploadEntry retry(@PathParam("id") long id) {
        return answer(() -> upload.retry(id));
    }

    static UploadState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return UploadState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PacsUploadException(PacsUploadException.Reason.INVALID, "Unknown state '" + state
                    + "'; known: pending, sent, failed");
        }
    }

    /** Refusals become JSON errors in the resource itself, as the pools resource does (no late exception mapper). */
    private static <T> T answer(Supplier<T> action) {
        try {
            return action.get();
        } catch (PacsUploadException refused) {
            int status = refused.reason() == PacsUploadException.Reason.NOT_FOUND ? 404 : 400;
            throw new WebApplicationException(refused, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(status, refused.getMessage())).build());
        }
    }
}
