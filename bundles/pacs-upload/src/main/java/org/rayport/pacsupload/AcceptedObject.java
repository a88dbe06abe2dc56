package org.rayport.pacsupload;

import org.rayport.store.StoredInstance;

/**
 * A client-created object as it was kept.
 *
 * @param upload the queue entry sending it to the PACS, or null when the pacs-upload module is not licensed
 */
public record AcceptedObject(StoredInstance stored, UploadEntry upload) {
}
