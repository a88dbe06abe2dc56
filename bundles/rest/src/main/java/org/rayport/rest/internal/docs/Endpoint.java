package org.rayport.rest.internal.docs;

import java.util.List;

/**
 * One served endpoint as the documentation shows it.
 *
 * @param access         who may call it: "anyone", or the roles of {@code @RolesAllowed}
 * @param deviceRequired only tokens bound to an approved device are served
 */
record Endpoint(String method, String path, String resource, String summary, List<String> access,
                boolean deviceRequired, List<Parameter> parameters, List<String> consumes, List<String> produces) {

    /** @param in "path", "query" or "header" */
    record Parameter(String name, String in, String type, String defaultValue) {
    }

    Endpoint {
        access = List.copyOf(access);
        parameters = List.copyOf(parameters);
        consumes = List.copyOf(consumes);
        produces = List.copyOf(produces);
    }

    boolean open() {
        return access.isEmpty();
    }
}
