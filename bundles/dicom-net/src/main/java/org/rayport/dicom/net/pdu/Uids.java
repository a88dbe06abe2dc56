package org.rayport.dicom.net.pdu;

import java.util.regex.Pattern;

/**
 * The rules every UID in a PDU keeps (PS3.5 section 9), read leniently: components with leading zeros, which the
 * standard forbids but some devices send, are accepted rather than failing a whole association.
 */
final class Uids {

    /** The DICOM application context, the only one there is. */
    static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private Uids() {
    }

    static String check(String what, String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64 || !UID.matcher(uid).matches()) {
            throw new IllegalArgumentException(what + " is not a valid UID: '" + uid + "'");
        }
        return uid;
    }
}
