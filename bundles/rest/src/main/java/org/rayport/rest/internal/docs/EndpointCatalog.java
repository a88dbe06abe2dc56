package org.rayport.rest.internal.docs;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;

import org.rayport.auth.DeviceRequired;

/**
 * Reads what the documentation needs from a resource class's JAX-RS and security annotations: the paths and methods
 * the whiteboard reports give no parameters and no access rules, so the class is the source for those.
 */
final class EndpointCatalog {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    private EndpointCatalog() {
    }

    /** Every resource method of the class, with paths as the whiteboard serves them (the class path included). */
    static List<Endpoint> of(String resourceName, Class<?> resourceClass) {
        List<Endpoint> endpoints = new ArrayList<>();
        String base = Optional.ofNullable(resourceClass.getAnnotation(Path.class)).map(Path::value).orElse("");
        for (Method method : resourceClass.getMethods()) {
            Optional<String> http = httpMethod(method);
            if (http.isEmpty()) {
                continue;
            }
            String path = normalise(base + "/" + Optional.ofNullable(method.getAnnotation(Path.class))
                    .map(Path::value).orElse(""));
            endpoints.add(new Endpoint(http.get(), path, resourceName, summary(method.getName()),
                    access(method, resourceClass), deviceRequired(method, resourceClass), parameters(method),
                    mediaTypes(method, resourceClass, Consumes.class), mediaTypes(method, resourceClass,
                    Produces.class)));
        }
        endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        return endpoints;
    }

    /** A path as OpenAPI writes it: one slash between segments, none at the end, parameters without regex. */
    static String normalise(String path) {
        String collapsed = ("/" + path).replaceAll("/{2,}", "/");
        if (collapsed.length() > 1 && collapsed.endsWith("/")) {
            collapsed = collapsed.substring(0, collapsed.length() - 1);
        }
        return PATH_PARAMETER.matcher(collapsed).replaceAll("{$1}");
    }

    private static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return Optional.of(http.value());
            }
        }
        return Optional.empty();
    }

    /** The method's rule wins over the class's, as in the security filter. */
    private static List<String> access(Method method, Class<?> type) {
        for (AnnotatedElement element : List.of(method, type)) {
            if (element.isAnnotationPresent(PermitAll.class)) {
                return List.of();
            }
            RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                return Arrays.stream(roles.value()).sorted().toList();
            }
        }
        return List.of();
    }

    private static boolean deviceRequired(Method method, Class<?> type) {
        return method.isAnnotationPresent(DeviceRequired.class) || type.isAnnotationPresent(DeviceRequired.class);
    }

    private static List<Endpoint.Parameter> parameters(Method method) {
        List<Endpoint.Parameter> parameters = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            String type = parameter.getType().getSimpleName().toLowerCase(Locale.ROOT);
            String defaultValue = Optional.ofNullable(parameter.getAnnotation(DefaultValue.class))
                    .map(DefaultValue::value).orElse(null);
            if (parameter.isAnnotationPresent(PathParam.class)) {
                parameters.add(new Endpoint.Parameter(parameter.getAnnotation(PathParam.class).value(), "path", type,
                        defaultValue));
            } else if (parameter.isAnnotationPresent(QueryParam.class)) {
                parameters.add(new Endpoint.Parameter(parameter.getAnnotation(QueryParam.class).value(), "query",
                        type, defaultValue));
            } else if (parameter.isAnnotationPresent(HeaderParam.class)) {
                parameters.add(new Endpoint.Parameter(parameter.getAnnotation(HeaderParam.class).value(), "header",
                        type, defaultValue));
            }
        }
        return parameters;
    }

    private static List<String> mediaTypes(Method method, Class<?> type,
                                           Class<? extends Annotation> annotationType) {
        for (AnnotatedElement element : List.of(method, type)) {
            Annotation annotation = element.getAnnotation(annotationType);
            if (annotation instanceof Produces) {
                return List.of(((Produces) annotation).value());
            }
            if (annotation instanceof Consumes) {
                return List.of(((Consumes) annotation).value());
            }
        }
        return List.of();
    }

    /** "resetTwoFactor" becomes "Reset two factor": Java names are the one description every method has. */
    static String summary(String methodName) {
        String words = methodName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
