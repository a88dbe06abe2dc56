/** Users and groups of a Rayport server: who may log in, and who belongs together. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rayport.people;
