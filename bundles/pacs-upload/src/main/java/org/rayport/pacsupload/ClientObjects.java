package org.rayport.pacsupload;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where objects that clients create (structured reports, presentation states, photos) enter Rayport: they are kept
 * in the share pool and, while the {@code pacs-upload} module is licensed, queued for the PACS.
 */
public interface ClientObjects {

    /**
     * @param userId who created the object (logged)
     * @param part10 a DICOM Part 10 file, read to its end
     * @throws org.rayport.store.InvalidInstanceException the stream is not a valid DICOM instance
     * @throws IOException                                the storage failed; nothing was kept
     */
    AcceptedObject accept(String userId, InputStream part10) throws IOException;
}
