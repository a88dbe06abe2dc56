/** The server's identity and data directory, shared by every feature. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rayport.core;
