package org.rayport.licensing.internal.rest;

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
import org.rayport.licensing.LicenseService;
import org.rayport.licensing.LicenseStatus;
import org.rayport.rest.RestApi;

/**
 * Whether the server runs licensed or in evaluation mode, for the login screen of every client: readable without a
 * login, and so without the licensee, the registration key or the dates.
 */
@Component(service = LicenseModeResource.class)
@JaxrsResource
@JaxrsName("rayport.license.mode")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/license")
@Produces(MediaType.APPLICATION_JSON)
public class LicenseModeResource {

    /** @param message in evaluation mode a plain sentence for the login screen; null when licensed */
    public record LicenseMode(String mode, boolean licensed, String message, int maxDevices) {
    }

    private final LicenseService licenses;

    @Activate
    public LicenseModeResource(@Reference LicenseService licenses) {
        this.licenses = licenses;
    }

    @GET
    @PermitAll
    public LicenseMode mode() {
        LicenseStatus status = licenses.status();
        String message = status.licensed() ? null
                : "Evaluation mode: this server has no valid licence. At most " + LicenseStatus.EVALUATION_MAX_DEVICES
                        + " devices work, and licensed modules are off. An administrator can see why and install"
                        + " a licence.";
        return new LicenseMode(status.mode().name(), status.licensed(), message, status.maxDevices());
    }
}
