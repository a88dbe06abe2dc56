package org.rayport.dicom.net.pdu;

/** SCP/SCU role selection for one SOP class (PS3.7 D.3.3.4), as C-GET needs it. */
public record RoleSelection(String sopClass, boolean scu, boolean scp) {

    public RoleSelection {
        Uids.check("role selection SOP class", sopClass);
    }
}
