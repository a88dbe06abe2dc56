package org.rayport.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stored files of a set of instances of one pool, for a download that sends many of them ({@link
 * InstanceStore#files}, store API 1.3): their locations were read from the index at once.
 */
@FunctionalInterface
public interface StoredFiles {

    /**
     * The decrypted Part 10 file, exactly as {@link InstanceStore#openStream} gives it (a read lease until closed).
     *
     * @throws InstanceNotFoundException the instance is gone (or was never among those named)
     */
    InputStream openStream(String sopInstanceUid) throws IOException;
}
