package org.rayport.dicom.net.pdu;

import java.util.List;

/**
 * The user information item (PS3.7 annex D.3.3).
 *
 * @param maxPduLength the largest P-DATA-TF this side accepts; 0 means unlimited
 * @param implementationVersionName null when not sent
 * @param maxOperationsInvoked null when no asynchronous operations window is negotiated
 * @param maxOperationsPerformed null when no asynchronous operations window is negotiated
 */
public record UserInformation(long maxPduLength, String implementationClassUid, String implementationVersionName,
                              Integer maxOperationsInvoked, Integer maxOperationsPerformed,
                              List<RoleSelection> roleSelections) {

    public UserInformation {
        if (maxPduLength < 0 || maxPduLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Maximum PDU length out of range: " + maxPduLength);
        }
        Uids.check("implementation class UID", implementationClassUid);
        if (implementationVersionName != null && (implementationVersionName.isEmpty()
                || implementationVersionName.length() > 16)) {
            throw new IllegalArgumentException("Implementation version name must have 1 to 16 characters");
        }
        roleSelections = roleSelections == null ? List.of() : List.copyOf(roleSelections);
    }

    public static UserInformation of(long maxPduLength, String implementationClassUid, String versionName) {
        return new UserInformation(maxPduLength, implementationClassUid, versionName, null, null, List.of());
    }
}
