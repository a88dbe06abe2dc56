/**
 * The devices users log in from, their approval by administrators (each active device takes one device licence), and
 * two-factor authentication with time-based one-time passwords (RFC 6238).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rayport.devices;
