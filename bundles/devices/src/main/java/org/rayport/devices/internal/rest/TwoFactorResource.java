package org.rayport.devices.internal.rest;

import java.util.Base64;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rayport.auth.AuthService;
import org.rayport.devices.Enrolment;
import org.rayport.devices.TwoFactorException;
import org.rayport.devices.TwoFactorService;
import org.rayport.rest.RestApi;

/**
 * The caller's own two-factor authentication: its state, enrolment (an {@code otpauth://} URI, the Base32 secret and
 * the URI as a QR code PNG) and the confirmation with a first code, after which logins need a code.
 */
@Component(service = TwoFactorResource.class)
@JaxrsResource
@JaxrsName("rayport.two-factor")
@JSONRequired
@JaxrsExtensionSelect({RestApi.REQUIRED_EXTENSIONS_SECURITY, RestApi.REQUIRED_EXTENSIONS_JSON})
@Path(RestApi.BASE + "/two-factor")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AuthService.ROLE_ADMIN, AuthService.ROLE_USER})
public class TwoFactorResource {

    public record State(String state) {
    }

    /** @param qrCodePng the PNG image, Base64; show it as {@code data:image/png;base64,...} */
    public record EnrolmentDto(String otpauthUri, String secret, String qrCodePng) {
        @Override
        public String toString() {
            return "EnrolmentDto";
        }
    }

    public record Confirmation(String code) {
        @Override
        public String toString() {
            return "Confirmation";
        }
    }

    private final TwoFactorService twoFactor;

    @Context
    SecurityContext security;

    @Activate
    public TwoFactorResource(@Reference TwoFactorService twoFactor) {
        this.twoFactor = twoFactor;
    }

    private String caller() {
        return security.getUserPrincipal().getName();
    }

    @GET
    @RolesAllowed({AuthService.ROLE_ADMIN, AuthService.ROLE_USER})
    public State state() {
        return new State(twoFactor.state(caller()).name());
    }

    @POST
    @Path("/enrol")
    @RolesAllowed({AuthService.ROLE_ADMIN, AuthService.ROLE_USER})
    public Response enrol() {
        try {
            Enrolment enrolment = twoFactor.enrol(caller());
            return Response.ok(new EnrolmentDto(enrolment.otpauthUri(), enrolment.secretBase32(),
                    Base64.getEncoder().encodeToString(enrolment.qrCodePng())))
                    .header("Cache-Control", "no-store").build();
        } catch (TwoFactorException e) {
            return ErrorJson.response(409, e.getMessage(), null);
        }
    }

    @POST
    @Path("/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({AuthService.ROLE_ADMIN, AuthService.ROLE_USER})
    public Response confirm(Confirmation confirmation) {
        if (confirmation == null) {
            throw new BadRequestException("Send {\"code\": \"123456\"}");
        }
        try {
            twoFactor.confirm(caller(), confirmation.code());
            return Response.noContent().build();
        } catch (TwoFactorException e) {
            return e.kind() == TwoFactorException.Kind.WRONG_CODE
                    ? ErrorJson.response(400, e.getMessage(), "code")
                    : ErrorJson.response(409, e.getMessage(), null);
        }
    }
}
