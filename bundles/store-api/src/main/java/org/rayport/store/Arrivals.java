package org.rayport.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * The instances one sender delivers to one pool in a row, such as the C-STOREs of one DICOM association (store API
 * 1.4). Each {@link #store} returns as soon as its instance is durable: the encrypted file and its name are forced to
 * disk, together with a marker saying that its index entry is still to be made. The index entry follows on the store's
 * indexing thread, so the sender's next instance is received meanwhile. {@link #close} returns once every instance
 * stored through these arrivals is in the index, so that a sender told "done" after it finds all it sent.
 *
 * <p>A crash between the two loses nothing: when the store starts, it indexes every durable file whose marker is still
 * there before it serves anything. An index entry that fails while running (a database that is down) is retried, then
 * logged; its marker stays, and the next start indexes it.
 */
public interface Arrivals extends AutoCloseable {

    /**
     * Stores one instance; the same checks and failures as {@link InstanceStore#store}.
     *
     * @return the instance as it is being indexed
     */
    StoredInstance store(IncomingInstance instance, InputStream dataSet) throws IOException;

    /** Waits until every instance stored through these arrivals is indexed, or its indexing failed and was logged. */
    @Override
    void close();
}
