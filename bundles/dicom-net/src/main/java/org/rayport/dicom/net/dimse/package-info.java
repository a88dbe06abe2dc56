/**
 * DIMSE services (PS3.7) over an {@link org.rayport.dicom.net.association.Association}: command sets encoded with
 * the data bundle, and the services themselves, starting with verification (C-ECHO).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.rayport.dicom.net.dimse;
