package org.rayport.rest.internal.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
import org.rayport.auth.DeviceRequired;
import org.rayport.core.ServerInfo;
import org.rayport.rest.RestApi;

/** An OpenAPI 3 document of the endpoints served right now, with their parameters and access rules. */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsName("rayport.openapi")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/openapi.json")
public class OpenApiResource {

    private final ServedEndpoints served;
    private final ServerInfo server;

    @Activate
    public OpenApiResource(@Reference ServedEndpoints served, @Reference ServerInfo server) {
        this.served = served;
        this.server = server;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> document() {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Endpoint endpoint : served.endpoints()) {
            paths.computeIfAbsent(endpoint.path(), p -> new TreeMap<>())
                    .put(endpoint.method().toLowerCase(Locale.ROOT), operation(endpoint));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", Map.of("title", "Rayport API", "version", server.version(),
                "description", "Log in with POST " + RestApi.BASE + "/auth/login and send the token as "
                        + "'Authorization: Bearer <token>'. Endpoints marked x-rayport-device-required also need the"
                        + " header " + DeviceRequired.DEVICE_HEADER + " of the device the token was issued for."
                        + " A readable version of this document: " + RestApi.BASE + "/docs"));
        document.put("paths", paths);
        document.put("components", Map.of("securitySchemes",
                Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        document.put("security", List.of(Map.of("bearer", List.of())));
        return document;
    }

    private static Map<String, Object> operation(Endpoint endpoint) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("tags", List.of(endpoint.resource()));
        operation.put("summary", endpoint.summary());
        operation.put("operationId", endpoint.method().toLowerCase(Locale.ROOT)
                + endpoint.path().replaceAll("[^A-Za-z0-9]+", "_"));
        if (endpoint.open()) {
            operation.put("security", List.of());
        } else {
            operation.put("x-rayport-roles", endpoint.access());
        }
        if (endpoint.deviceRequired()) {
            operation.put("x-rayport-device-required", true);
        }
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (Endpoint.Parameter parameter : endpoint.parameters()) {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", schemaType(parameter.type()));
            if (parameter.defaultValue() != null) {
                schema.put("default", parameter.defaultValue());
            }
            parameters.add(Map.of("name", parameter.name(), "in", parameter.in(),
                    "required", "path".equals(parameter.in()), "schema", schema));
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (!endpoint.consumes().isEmpty() && !"GET".equals(endpoint.method())
                && !"DELETE".equals(endpoint.method())) {
            operation.put("requestBody", Map.of("content", content(endpoint.consumes())));
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "Success");
        if (!endpoint.produces().isEmpty()) {
            ok.put("content", content(endpoint.produces()));
        }
        operation.put("responses", Map.of("2XX", ok,
                "4XX", Map.of("description", "Refused: a JSON body {status, error, field} says why")));
        return operation;
    }

    private static String schemaType(String javaType) {
        switch (javaType) {
            case "int":
            case "integer":
            case "long":
                return "integer";
            case "double":
            case "float":
                return "number";
            case "boolean":
                return "boolean";
            default:
                return "string";
        }
    }

    private static Map<String, Object> content(List<String> mimeTypes) {
        Map<String, Object> content = new LinkedHashMap<>();
        mimeTypes.forEach(type -> content.put(type, Map.of()));
        return content;
    }
}
