package org.rayport.rest.internal.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;

import org.junit.Test;
import org.rayport.auth.DeviceRequired;

public class EndpointCatalogTest {

    @Path("/api/v1/things/")
    @Produces("application/json")
    @RolesAllowed({"user", "admin"})
    @DeviceRequired
    public static class Things {

        @GET
        public String listThings(@QueryParam("name") String name, @QueryParam("limit") @DefaultValue("50") int limit) {
            return "";
        }

        @GET
        @Path("{id: [a-z]+}/")
        @PermitAll
        @Produces("image/png")
        public String thumbnailOf(@PathParam("id") String id) {
            return "";
        }

        @DELETE
        @Path("/{id}")
        @RolesAllowed("admin")
        public void removeThing(@PathParam("id") String id) {
        }

        public String notAnEndpoint() {
            return "";
        }
    }

    private static Endpoint endpoint(String method, String path) {
        return EndpointCatalog.of("things", Things.class).stream()
                .filter(e -> e.method().equals(method) && e.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + path + " in "
                        + EndpointCatalog.of("things", Things.class)));
    }

    @Test
    public void everyResourceMethodIsListedWithItsFullPathAndNothingElse() {
        List<Endpoint> endpoints = EndpointCatalog.of("things", Things.class);
        assertEquals(3, endpoints.size());
        endpoint("GET", "/api/v1/things");
        endpoint("GET", "/api/v1/things/{id}");
        endpoint("DELETE", "/api/v1/things/{id}");
    }

    @Test
    public void theMethodsAccessRuleWinsOverTheClasss() {
        assertEquals(List.of("admin", "user"), endpoint("GET", "/api/v1/things").access());
        assertEquals(List.of("admin"), endpoint("DELETE", "/api/v1/things/{id}").access());
        assertTrue(endpoint("GET", "/api/v1/things/{id}").open());
        assertFalse(endpoint("DELETE", "/api/v1/things/{id}").open());
        assertTrue(endpoint("DELETE", "/api/v1/things/{id}").deviceRequired());
    }

    @Test
    public void parametersMediaTypesAndSummariesComeFromTheMethod() {
        Endpoint list = endpoint("GET", "/api/v1/things");
        assertEquals(List.of(new Endpoint.Parameter("name", "query", "string", null),
                new Endpoint.Parameter("limit", "query", "int", "50")), list.parameters());
        assertEquals("List things", list.summary());
        assertEquals(List.of("application/json"), list.produces());
        Endpoint thumbnail = endpoint("GET", "/api/v1/things/{id}");
        assertEquals(List.of(new Endpoint.Parameter("id", "path", "string", null)), thumbnail.parameters());
        assertEquals(List.of("image/png"), thumbnail.produces());
    }

    @Test
    public void pathsAreNormalisedAsTheWhiteboardReportsThem() {
        assertEquals("/api/v1/a/{b}", EndpointCatalog.normalise("api/v1//a/{b: .+}/"));
        assertEquals("/", EndpointCatalog.normalise("/"));
    }

    @Test
    public void theHtmlPageEscapesWhatItShows() {
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;", ApiDocsResource.escape("<b> & \"x\" '"));
    }
}
