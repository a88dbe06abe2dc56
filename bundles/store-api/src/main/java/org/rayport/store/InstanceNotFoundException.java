package org.rayport.store;

import java.io.IOException;

/** The pool holds no instance with that SOP Instance UID (any more). */
public class InstanceNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    public InstanceNotFoundException(String poolId, String sopInstanceUid) {
        super("Pool '" + poolId + "' holds no instance " + sopInstanceUid);
    }
}
