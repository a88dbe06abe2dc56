package org.rayport.store;

import java.io.IOException;

import org.rayport.dicom.data.DicomFile;

/**
 * A stored instance opened for reading. Until {@link #close()} it holds a read lease: retention and free-space
 * deletion skip it, and a newer copy replacing it defers removing this one's file. Bulk data (pixel data and long
 * values) of {@link #file()} is not in memory: each {@code openStream()} decrypts the needed segments of the
 * encrypted file at their offset. Read them before closing.
 */
public interface OpenInstance extends AutoCloseable {

    StoredInstance instance();

    /** The decrypted Part 10 file: meta information, data set with lazily read bulk data, transfer syntax. */
    DicomFile file();

    @Override
    void close() throws IOException;
}
