package org.rayport.devices;

/** Which new devices are approved without an administrator; a global setting. */
public enum ApprovalPolicy {
    /** Every device, as long as the licence allows one more. */
    ALL,
    /** A user's first device (the user has no other device on record); further ones wait for an administrator. */
    FIRST_DEVICE,
    /** None: an administrator approves every device. */
    NONE
}
