package org.rayport.rest.internal.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints the JAX-RS whiteboard serves right now, each described from its resource class. The whiteboard's
 * runtime says what is served (a resource whose extensions are missing is not); the classes say the parameters and
 * who may call. Endpoints of any bundle appear and disappear with it, without anyone editing a document by hand.
 */
@Component(service = ServedEndpoints.class)
public class ServedEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ServedEndpoints.class);

    private final JaxrsServiceRuntime runtime;
    private final BundleContext context;

    @Activate
    public ServedEndpoints(@Reference JaxrsServiceRuntime runtime, BundleContext context) {
        this.runtime = runtime;
        this.context = context;
    }

    /**
     * The class a resource service was registered with, loaded through the registering bundle. Looked up by service
     * id because Declarative Services can only reference services by interface name, and each resource registers its
     * own class; the service itself is never fetched, so documenting an endpoint starts nothing.
     */
    private Optional<Class<?>> resourceClass(long serviceId) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null,
                    "(" + Constants.SERVICE_ID + "=" + serviceId + ")");
            if (references == null || references[0].getBundle() == null) {
                return Optional.empty();
            }
            String[] classes = (String[]) references[0].getProperty(Constants.OBJECTCLASS);
            return Optional.of(references[0].getBundle().loadClass(classes[0]));
        } catch (InvalidSyntaxException | ClassNotFoundException | IllegalStateException e) {
            LOG.debug("No class for resource service {}: {}", serviceId, e.toString());
            return Optional.empty();
        }
    }

    List<Endpoint> endpoints() {
        List<Endpoint> served = new ArrayList<>();
        ResourceDTO[] resources = runtime.getRuntimeDTO().defaultApplication.resourceDTOs;
        for (ResourceDTO resource : resources == null ? new ResourceDTO[0] : resources) {
            List<Endpoint> described = resourceClass(resource.serviceId)
                    .map(type -> EndpointCatalog.of(resource.name, type)).orElse(List.of());
            for (ResourceMethodInfoDTO method : resource.resourceMethods) {
                if (method.method == null || method.path == null) {
                    continue;
                }
                String path = EndpointCatalog.normalise(method.path);
                served.add(described.stream()
                        .filter(e -> e.method().equals(method.method) && e.path().equals(path))
                        .findFirst()
                        .orElseGet(() -> undescribed(resource.name, path, method)));
            }
        }
        served.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        return served;
    }

    /** What the runtime alone tells, for a resource whose class is not (yet) known here. */
    private static Endpoint undescribed(String resource, String path, ResourceMethodInfoDTO method) {
        return new Endpoint(method.method, path, resource, "", List.of("see the resource"), false, List.of(),
                method.consumingMimeType == null ? List.of() : Arrays.asList(method.consumingMimeType),
                method.producingMimeType == null ? List.of() : Arrays.asList(method.producingMimeType));
    }
}
