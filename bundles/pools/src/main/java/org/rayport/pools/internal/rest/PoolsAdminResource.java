package org.rayport.pools.internal.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
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
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;
import org.rayport.rest.RestApi;

/** Administration of pools: list with status, add, change, remove, and the status of each. */
@Component(service = PoolsAdminResource.class)
@JaxrsResource
@JaxrsName("rayport.admin.pools")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/admin/pools")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_ADMIN)
public class PoolsAdminResource {

    private final PoolService pools;
    private final PeopleService people;

    @Activate
    public PoolsAdminResource(@Reference PoolService pools, @Reference PeopleService people) {
        this.pools = pools;
        this.people = people;
    }

    @GET
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public List<PoolDto> list() {
        return answer(() -> {
            Map<String, PoolStatus> statuses = statusesById();
            return pools.pools().stream().map(pool -> PoolMapper.toDto(pool, statuses.get(pool.id()))).toList();
        });
    }

    @GET
    @Path("/statuses")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public List<PoolStatusDto> statuses() {
        return pools.statuses().stream().map(PoolStatusDto::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public PoolDto pool(@PathParam("id") String id) {
        return answer(() -> PoolMapper.toDto(existing(id), statusesById().get(id)));
    }

    @GET
    @Path("/{id}/status")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public PoolStatusDto status(@PathParam("id") String id) {
        return answer(() -> {
            existing(id);
            PoolStatus status = statusesById().get(id);
            if (status == null) {
                // Removed between the two calls.
                throw notFound(id);
            }
            return PoolStatusDto.of(status);
        });
    }

    @POST
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response add(PoolDto request) {
        return answer(() -> {
            Pool pool = PoolMapper.toNewPool(required(request));
            PoolMapper.checkGrants(pool, null, people);
            Pool added = pools.add(pool);
            return Response.created(URI.create(RestApi.BASE + "/admin/pools/" + added.id()))
                    .entity(PoolMapper.toDto(added, statusesById().get(added.id()))).build();
        });
    }

    /** Changes the fields the body gives; the others stay as they are. */
    @PUT
    @Path("/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public PoolDto edit(@PathParam("id") String id, PoolDto request) {
        return answer(() -> {
            Pool current = existing(id);
            Pool changed = PoolMapper.merge(current, required(request));
            PoolMapper.checkGrants(changed, current, people);
            Pool edited = pools.edit(changed);
            return PoolMapper.toDto(edited, statusesById().get(id));
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response remove(@PathParam("id") String id) {
        return answer(() -> {
            pools.remove(id);
            return Response.noContent().build();
        });
    }

    /**
     * Refusals become JSON errors here rather than in a whiteboard exception mapper of this bundle: an extension
     * arriving after the application was built makes Aries rebuild it, and the resource was seen missing (404)
     * for a minute or more afterwards on a loaded machine.
     */
    private static <T> T answer(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (PoolException refused) {
            throw new javax.ws.rs.WebApplicationException(refused, PoolErrors.toResponse(refused));
        }
    }

    private Pool existing(String id) {
        return pools.pool(id).orElseThrow(() -> notFound(id));
    }

    private static PoolException notFound(String id) {
        return new PoolException(PoolException.Reason.NOT_FOUND, "No pool with id '" + id + "'");
    }

    private Map<String, PoolStatus> statusesById() {
        return pools.statuses().stream().collect(Collectors.toMap(PoolStatus::poolId, Function.identity(),
                (first, second) -> first));
    }

    private static PoolDto required(PoolDto body) {
        if (body == null) {
            throw new BadRequestException("A JSON body is required");
        }
        return body;
    }
}
