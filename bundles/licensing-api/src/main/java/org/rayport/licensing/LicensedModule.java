package org.rayport.licensing;

import java.util.List;

/**
 * One module the licence in force switches on. The licensing bundle registers one such service per licensed module,
 * with the service property {@value #MODULE_PROPERTY} holding its name, and unregisters it the moment the module is no
 * longer licensed (another licence installed, expiry, removal). A gated component declares for example
 * {@code @Reference(target = "(module=gateway)") LicensedModule gateway} and so lives exactly as long as the licence
 * allows.
 */
public interface LicensedModule {

    /** The service property that names the module; components select it with {@code (module=<name>)}. */
    String MODULE_PROPERTY = "module";

    String LDAP = "ldap";
    String PACS_UPLOAD = "pacs-upload";
    String PHOTO = "photo";
    String TELERADIOLOGY = "teleradiology";
    String VEOCORE = "veocore";
    String GATEWAY = "gateway";

    /**
     * The modules Rayport knows today. A licence may name others (for a newer server); they are registered all the
     * same, so that a feature added later needs no change here.
     */
    List<String> KNOWN = List.of(LDAP, PACS_UPLOAD, PHOTO, TELERADIOLOGY, VEOCORE, GATEWAY);

    /** The module's name, as in the service property. */
    String name();

    /** The licence that switched the module on. */
    License license();
}
