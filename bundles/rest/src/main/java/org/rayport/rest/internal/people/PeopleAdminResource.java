package org.rayport.rest.internal.people;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.people.PeopleService;
import org.rayport.people.UnknownPersonException;
import org.rayport.rest.RestApi;

/** Administration of users and groups. */
@Component(service = PeopleAdminResource.class)
@JaxrsResource
@JaxrsName("rayport.admin.people")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/admin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AuthService.ROLE_ADMIN)
public class PeopleAdminResource {

    private static final String CSV = "text/csv; charset=UTF-8";

    private final PeopleService people;

    @Activate
    public PeopleAdminResource(@Reference PeopleService people) {
        this.people = people;
    }

    @GET
    @Path("/users")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public List<UserDto> users(@QueryParam("filter") String filter) {
        return people.users(filter).stream().map(PeopleMapper::toDto).toList();
    }

    @GET
    @Path("/users/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public UserDto user(@PathParam("id") String id) {
        return people.user(id).map(PeopleMapper::toDto).orElseThrow(() -> new UnknownPersonException("user", id));
    }

    @POST
    @Path("/users")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response addUser(UserDto user) {
        UserDto created = PeopleMapper.toDto(people.addUser(PeopleMapper.toDraft(required(user), null)));
        return Response.created(URI.create(RestApi.BASE + "/admin/users/" + created.id())).entity(created).build();
    }

    @PUT
    @Path("/users/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public UserDto editUser(@PathParam("id") String id, UserDto user) {
        if (required(user).id() != null && !user.id().equals(id)) {
            throw new BadRequestException("The ID in the body differs from the ID in the path");
        }
        return PeopleMapper.toDto(people.editUser(id, PeopleMapper.toDraft(user, id)));
    }

    @DELETE
    @Path("/users/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response removeUser(@PathParam("id") String id) {
        people.removeUser(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/users.csv")
    @Produces(CSV)
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response usersCsv() {
        return csv("users.csv", people::writeUsersCsv);
    }

    @GET
    @Path("/groups")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public List<GroupDto> groups(@QueryParam("filter") String filter) {
        return people.groups(filter).stream().map(PeopleMapper::toDto).toList();
    }

    @GET
    @Path("/groups/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public GroupDto group(@PathParam("id") String id) {
        return people.group(id).map(PeopleMapper::toDto).orElseThrow(() -> new UnknownPersonException("group", id));
    }

    @POST
    @Path("/groups")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response addGroup(GroupDto group) {
        GroupDto created = PeopleMapper.toDto(people.addGroup(PeopleMapper.toGroup(required(group), null)));
        return Response.created(URI.create(RestApi.BASE + "/admin/groups/" + created.id())).entity(created).build();
    }

    @PUT
    @Path("/groups/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public GroupDto editGroup(@PathParam("id") String id, GroupDto group) {
        if (required(group).id() != null && !group.id().equals(id)) {
            throw new BadRequestException("The ID in the body differs from the ID in the path");
        }
        return PeopleMapper.toDto(people.editGroup(id, PeopleMapper.toGroup(group, id)));
    }

    @DELETE
    @Path("/groups/{id}")
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response removeGroup(@PathParam("id") String id) {
        people.removeGroup(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/groups.csv")
    @Produces(CSV)
    @RolesAllowed(AuthService.ROLE_ADMIN)
    public Response groupsCsv() {
        return csv("groups.csv", people::writeGroupsCsv);
    }

    private interface CsvWriter {
        void write(Appendable out) throws IOException;
    }

    private static Response csv(String fileName, CsvWriter writer) {
        StreamingOutput body = out -> {
            Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(text);
            text.flush();
        };
        return Response.ok(body, CSV).header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new BadRequestException("A JSON body is required");
        }
        return body;
    }
}
