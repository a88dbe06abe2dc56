package org.rayport.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * The first instance of a series in download order, read from the index together with the location of its file
 * ({@link InstanceStore#firstOfSeries}, store API 1.4): a series download begins with it before the rest is listed.
 */
public interface FirstOfSeries {

    StoredInstance instance();

    /**
     * The decrypted Part 10 file, exactly as {@link InstanceStore#openStream} gives it (a read lease until closed). The
     * lease is taken here, not when the row was read; an instance replaced since is looked up again.
     *
     * @throws InstanceNotFoundException the instance was deleted since
     */
    InputStream openStream() throws IOException;
}
