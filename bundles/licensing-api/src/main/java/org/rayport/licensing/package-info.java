/**
 * The licence as the rest of Rayport sees it. A feature that is sold as a module does not ask whether it is licensed:
 * its Declarative Services components hold a mandatory reference to {@link org.rayport.licensing.LicensedModule} with
 * the target {@code (module=<name>)}, so that they start when a licence names the module and stop when it no longer
 * does. {@link org.rayport.licensing.LicenseService} tells the status, installs licences and answers the device limit.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rayport.licensing;
