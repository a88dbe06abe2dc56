/**
 * What a feature bundle needs to add its own endpoints to Rayport's API: the names of the extensions that every
 * resource must select, so that no endpoint is ever served without authentication.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rayport.rest;
