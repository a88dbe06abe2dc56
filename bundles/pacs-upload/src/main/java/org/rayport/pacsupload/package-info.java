/**
 * Sending instances to the hospital PACS (licensed module {@code pacs-upload}) through a durable queue, and the
 * route by which objects that clients create (reports, presentation states, photos) enter Rayport.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rayport.pacsupload;
