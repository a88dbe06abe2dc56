package org.rayport.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks REST endpoints (a method, or every method of a class) that serve client data: browsing, download, DICOMweb,
 * upload. They answer only tokens bound to an approved device; a token obtained without a device answers 403 there.
 * The security filter applies this besides {@code @RolesAllowed}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface DeviceRequired {

    /** The header with which a client presents its device ID on every request made with a device-bound token. */
    String DEVICE_HEADER = "X-Device-Id";
}
