/**
 * Pools, Rayport's unit of data access: where datasets come from (a DICOM network node, a PACS, a folder, users'
 * uploads), how long they are kept, and who may see them.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.rayport.pools;
