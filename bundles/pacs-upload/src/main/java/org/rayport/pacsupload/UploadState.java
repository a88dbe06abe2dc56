package org.rayport.pacsupload;

/** Where a queue entry stands. */
public enum UploadState {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** The PACS confirmed the C-STORE. */
    SENT,
    /** Given up (too old, or the instance is gone); stays listed until an administrator retries it. */
    FAILED
}
