package org.rayport.client.internal.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.annotation.security.RolesAllowed;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolService;
import org.rayport.rest.RestApi;

/**
 * The pools a client's user may see, with the settings the client applies to their data: download new studies
 * without being asked, delete downloaded data some hours after its last use, lossy JPEG allowed, and which pool
 * takes the user's uploads (the first enabled user-storage pool by id, as the DICOMweb STOW endpoint chooses). Pools
 * the caller may not see are never listed.
 *
 * <p>Its root path is the same as {@link ClientPoolsResource}'s: the list of pools belongs at {@code /client/pools}.
 * CXF keeps every root resource whose path template is equal as a candidate and picks the method among all of them,
 * so {@code GET /client/pools} lands here and the paths below it in {@code ClientPoolsResource}.
 */
@Component(service = ClientPoolSettingsResource.class)
@JaxrsResource
@JaxrsName("rayport.client.poolsettings")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/client/pools")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_USER)
@DeviceRequired
public class ClientPoolSettingsResource {

    /**
     * One pool as a client sees it.
     *
     * @param type                 {@code networknode}, {@code queryretrieve}, {@code folder} or {@code userstorage}
     * @param deviceRetentionHours delete downloaded data this many hours after its last use; null: keep it
     * @param uploadPool           the caller's uploads are stored in this pool
     */
    public record PoolSettingsDto(String id, String name, String type, boolean enabled, boolean autoDownload,
                                  Double deviceRetentionHours, boolean allowJpeg, boolean uploadPool) {
    }

    private final PoolService pools;

    @Context
    HttpServletRequest request;

    @Activate
    public ClientPoolSettingsResource(@Reference PoolService pools) {
        this.pools = pools;
    }

    @GET
    @RolesAllowed(AuthService.ROLE_USER)
    @DeviceRequired
    public List<PoolSettingsDto> pools() {
        Session session = (Session) request.getAttribute(Session.REQUEST_ATTRIBUTE);
        Set<String> visible = pools.visibleTo(session.userId());
        List<Pool> seen = pools.pools().stream().filter(p -> visible.contains(p.id()))
                .sorted(Comparator.comparing(Pool::id)).toList();
        Optional<String> upload = pools.uploadPoolOf(session.userId());
        return seen.stream().map(p -> dto(p, upload.filter(p.id()::equals).isPresent())).toList();
    }

    private static PoolSettingsDto dto(Pool pool, boolean uploadPool) {
        PoolOptions options = pool.options();
        Double retention = options.deviceRetentionHours() > 0 ? options.deviceRetentionHours() : null;
        return new PoolSettingsDto(pool.id(), pool.name(), pool.type().key(), options.enabled(),
                options.autoDownload(), retention, options.allowJpeg(), uploadPool);
    }
}
