/**
 * DIMSE-C services (PS3.7) over an {@link org.rayport.dicom.net.association.Association}: C-ECHO
 * ({@link org.rayport.dicom.net.dimse.Verification}), C-STORE ({@link org.rayport.dicom.net.dimse.Storage}), C-FIND
 * with C-CANCEL ({@link org.rayport.dicom.net.dimse.Query}), C-MOVE and C-GET
 * ({@link org.rayport.dicom.net.dimse.Retrieve}) as requester, and all of them as provider through
 * {@link org.rayport.dicom.net.dimse.ServiceClassProvider}.
 */
@org.osgi.annotation.versioning.Version("0.3.0")
package org.rayport.dicom.net.dimse;
