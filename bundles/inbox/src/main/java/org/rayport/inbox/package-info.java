/**
 * The users' inbox: new datasets of the non-cache pools each user may see, one entry per user and study
 * ({@link org.rayport.inbox.InboxService}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rayport.inbox;
