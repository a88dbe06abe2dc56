package org.rayport.store;

import java.time.Instant;

/**
 * One instance as the store keeps it.
 *
 * @param instanceNumber InstanceNumber (0020,0013), or null when absent
 * @param sizeBytes      size of the Part 10 file (plain text) that {@link InstanceStore#openStream} delivers
 * @param storedBytes    size of the encrypted file on disk
 */
public record StoredInstance(String poolId, String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
                             String sopClassUid, Integer instanceNumber, String transferSyntaxUid, long sizeBytes,
                             long storedBytes, Instant receivedAt) {
}
