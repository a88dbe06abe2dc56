/** Logging in and out: who is asking, proven by a password once and by a bearer token afterwards. */
@org.osgi.annotation.versioning.Version("1.3.0")
package org.rayport.auth;
