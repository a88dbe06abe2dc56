package org.rayport.rest.internal.docs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.DeviceRequired;
import org.rayport.core.ServerInfo;
import org.rayport.rest.RestApi;

/**
 * The API reference as one HTML page, generated from the same description as the OpenAPI document. Plain HTML
 * rendered here rather than Swagger UI: a hospital network often has no route to a CDN, and the page needs no script.
 */
@Component(service = ApiDocsResource.class)
@JaxrsResource
@JaxrsName("rayport.docs")
@JaxrsExtensionSelect(RestApi.REQUIRED_EXTENSIONS_SECURITY)
@Path(RestApi.BASE + "/docs")
public class ApiDocsResource {

    private final ServedEndpoints served;
    private final ServerInfo server;

    @Activate
    public ApiDocsResource(@Reference ServedEndpoints served, @Reference ServerInfo server) {
        this.served = served;
        this.server = server;
    }

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public String page() {
        Map<String, List<Endpoint>> byResource = served.endpoints().stream()
                .collect(Collectors.groupingBy(Endpoint::resource, TreeMap::new, Collectors.toList()));
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rayport API</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:70em}")
                .append("table{border-collapse:collapse;width:100%;margin-bottom:2em}")
                .append("td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}")
                .append("code{font-size:95%}.m{font-weight:bold}</style></head><body>")
                .append("<h1>Rayport API ").append(escape(server.version())).append("</h1>")
                .append("<p>Log in with <code>POST ").append(RestApi.BASE).append("/auth/login</code> and send the")
                .append(" token as <code>Authorization: Bearer &lt;token&gt;</code>. Endpoints marked <em>device</em>")
                .append(" also need the header <code>").append(DeviceRequired.DEVICE_HEADER).append("</code> of the")
                .append(" device the token was issued for. Machine-readable: <a href=\"openapi.json\">openapi.json</a>.")
                .append(" Errors are JSON: <code>{status, error, field}</code>.</p><ul>");
        for (String resource : byResource.keySet()) {
            html.append("<li><a href=\"#").append(escape(resource)).append("\">").append(escape(resource))
                    .append("</a></li>");
        }
        html.append("</ul>");
        for (Map.Entry<String, List<Endpoint>> resource : byResource.entrySet()) {
            html.append("<h2 id=\"").append(escape(resource.getKey())).append("\">").append(escape(resource.getKey()))
                    .append("</h2><table><tr><th>Request</th><th>What</th><th>Who may call</th>")
                    .append("<th>Parameters</th><th>Sends / answers</th></tr>");
            for (Endpoint endpoint : resource.getValue()) {
                html.append("<tr><td><span class=\"m\">").append(endpoint.method()).append("</span> <code>")
                        .append(escape(endpoint.path())).append("</code></td><td>").append(escape(endpoint.summary()))
                        .append("</td><td>")
                        .append(endpoint.open() ? "anyone" : escape(String.join(", ", endpoint.access())))
                        .append(endpoint.deviceRequired() ? " (device)" : "").append("</td><td>");
                for (Endpoint.Parameter parameter : endpoint.parameters()) {
                    html.append("<code>").append(escape(parameter.name())).append("</code> ")
                            .append(escape(parameter.in())).append(' ').append(escape(parameter.type()));
                    if (parameter.defaultValue() != null) {
                        html.append(" = ").append(escape(parameter.defaultValue()));
                    }
                    html.append("<br>");
                }
                html.append("</td><td>").append(escape(String.join(", ", endpoint.consumes()))).append(" / ")
                        .append(escape(String.join(", ", endpoint.produces()))).append("</td></tr>");
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<': escaped.append("&lt;"); break;
                case '>': escaped.append("&gt;"); break;
                case '&': escaped.append("&amp;"); break;
                case '"': escaped.append("&quot;"); break;
                case '\'': escaped.append("&#39;"); break;
                default: escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
