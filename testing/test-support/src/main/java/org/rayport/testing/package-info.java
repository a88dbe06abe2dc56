/**
 * Helpers for the bundles' unit tests, kept in one place instead of a copy in each bundle. A test-scoped dependency
 * only: nothing here is deployed in Karaf.
 */
package org.rayport.testing;
