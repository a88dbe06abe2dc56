/**
 * Plumbing shared by the bundles that keep tables (people, devices, store): schema migration and transactions, so
 * that each of them does these the same way instead of carrying its own copy.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rayport.persistence;
