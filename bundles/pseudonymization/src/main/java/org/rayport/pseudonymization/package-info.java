/**
 * Pseudonymization of DICOM data sets before they are stored: the PS3.15 Basic Application Level Confidentiality
 * Profile, with pseudonyms that are the same for the same input within one pool and differ between pools.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.rayport.pseudonymization;
