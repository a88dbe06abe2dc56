package org.rayport.client.internal.rest;

import java.util.Set;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.auth.DeviceRequired;
import org.rayport.auth.Session;
import org.rayport.client.internal.InvalidParameter;
import org.rayport.client.internal.Parameters;
import org.rayport.pools.PoolService;
import org.rayport.rest.RestApi;
import org.rayport.store.DatasetIndex;
import org.rayport.store.StudyQuery;

/**
 * The study list of a client: the studies of every pool the caller may see, one entry per pool and study. Its own
 * root path, apart from {@code /client/pools} and the devices bundle's {@code /client}, so that no two root resources
 * share a path.
 */
@Component(service = ClientStudiesResource.class)
@JaxrsResource
@JaxrsName("rayport.client.studies")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/client/studies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class ClientStudiesResource {

    private final DatasetIndex index;
    private final PoolService pools;

    @Context
    HttpServletRequest request;

    @Activate
    public ClientStudiesResource(@Reference DatasetIndex index, @Reference PoolService pools) {
        this.index = index;
        this.pools = pools;
    }

    @GET
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public ClientDtos.StudyPageDto search(@QueryParam("patientName") String patientName,
                                          @QueryParam("patientId") String patientId,
                                          @QueryParam("accessionNumber") String accessionNumber,
                                          @QueryParam("from") String from, @QueryParam("to") String to,
                                          @QueryParam("modality") String modality, @QueryParam("sort") String sort,
                                          @QueryParam("order") String order, @QueryParam("offset") String offset,
                                          @QueryParam("limit") String limit) {
        Session session = (Session) request.getAttribute(Session.REQUEST_ATTRIBUTE);
        Set<String> visible = pools.visibleTo(session.userId());
        StudyQuery query;
        try {
            query = Parameters.studySearch(visible, patientName, patientId, accessionNumber, from, to, modality, sort,
                    order, offset, limit);
        } catch (InvalidParameter refused) {
            throw ClientErrors.badParameter(refused);
        }
        return ClientDtos.StudyPageDto.of(index.searchStudies(query));
    }
}
