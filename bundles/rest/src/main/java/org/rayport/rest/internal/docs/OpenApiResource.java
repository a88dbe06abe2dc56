package org.rayport.rest.internal.docs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.core.ServerInfo;
import org.rayport.rest.RestApi;

/**
 * An OpenAPI 3 document of the endpoints the JAX-RS whiteboard serves right now, read from its runtime description,
 * so that endpoints added by other bundles appear without anyone editing a document by hand.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsName("rayport.openapi")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/openapi.json")
public class OpenApiResource {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    private final JaxrsServiceRuntime runtime;
    private final ServerInfo server;

    @Activate
    public OpenApiResource(@Reference JaxrsServiceRuntime runtime, @Reference ServerInfo server) {
        this.runtime = runtime;
        this.server = server;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> document() {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        ResourceDTO[] resources = runtime.getRuntimeDTO().defaultApplication.resourceDTOs;
        for (ResourceDTO resource : resources == null ? new ResourceDTO[0] : resources) {
            for (ResourceMethodInfoDTO method : resource.resourceMethods) {
                if (method.method == null || method.path == null) {
                    continue;
                }
                String path = normalise(method.path);
                paths.computeIfAbsent(path, p -> new TreeMap<>())
                        .put(method.method.toLowerCase(Locale.ROOT), operation(resource.name, path, method));
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", Map.of("title", "Rayport API", "version", server.version(),
                "description", "Log in with POST " + RestApi.BASE + "/auth/login and send the token as "
                        + "'Authorization: Bearer <token>'."));
        document.put("paths", paths);
        document.put("components", Map.of("securitySchemes",
                Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        document.put("security", List.of(Map.of("bearer", List.of())));
        return document;
    }

    private static Map<String, Object> operation(String resourceName, String path, ResourceMethodInfoDTO method) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("tags", List.of(resourceName));
        operation.put("operationId", method.method.toLowerCase(Locale.ROOT) + path.replaceAll("[^A-Za-z0-9]+", "_"));
        List<Map<String, Object>> parameters = new java.util.ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(path);
        while (matcher.find()) {
            parameters.add(Map.of("name", matcher.group(1), "in", "path", "required", true,
                    "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (method.consumingMimeType != null && method.consumingMimeType.length > 0
                && !"GET".equals(method.method) && !"DELETE".equals(method.method)) {
            operation.put("requestBody", Map.of("content", content(method.consumingMimeType)));
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "Success");
        if (method.producingMimeType != null && method.producingMimeType.length > 0) {
            ok.put("content", content(method.producingMimeType));
        }
        operation.put("responses", Map.of("2XX", ok,
                "4XX", Map.of("description", "Refused: a JSON body {status, error, field} says why")));
        return operation;
    }

    private static Map<String, Object> content(String[] mimeTypes) {
        Map<String, Object> content = new LinkedHashMap<>();
        Arrays.stream(mimeTypes).forEach(type -> content.put(type, Map.of()));
        return content;
    }

    private static String normalise(String path) {
        String withSlash = path.startsWith("/") ? path : "/" + path;
        return PATH_PARAMETER.matcher(withSlash.replaceAll("/{2,}", "/")).replaceAll("{$1}");
    }
}
