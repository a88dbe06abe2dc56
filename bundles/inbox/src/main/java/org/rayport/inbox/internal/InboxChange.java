package org.rayport.inbox.internal;

/**
 * An entry of one user's inbox that was created or got more instances: what the event stream announces.
 *
 * @param patientName null when the index no longer holds the study
 * @param instances   the entry's instances in total
 */
record InboxChange(String userId, String poolId, String studyUid, String patientName, int instances) {
}
