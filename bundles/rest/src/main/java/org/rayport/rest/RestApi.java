package org.rayport.rest;

/** Names shared by every Rayport JAX-RS resource. */
public final class RestApi {

    /** All Rayport resources live below this path. */
    public static final String BASE = "/api/v1";

    public static final String SECURITY_EXTENSION = "rayport.security";
    public static final String JSON_EXTENSION = "rayport.json";

    /**
     * The filter a resource puts in {@code @JaxrsExtensionSelect}: the whiteboard serves it only while Rayport's
     * security and JSON extensions are there.
     */
    public static final String REQUIRED_EXTENSIONS_SECURITY = "(osgi.jaxrs.name=" + SECURITY_EXTENSION + ")";
    public static final String REQUIRED_EXTENSIONS_JSON = "(osgi.jaxrs.name=" + JSON_EXTENSION + ")";

    private RestApi() {
    }
}
