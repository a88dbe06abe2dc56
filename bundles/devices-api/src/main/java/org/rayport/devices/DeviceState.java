package org.rayport.devices;

public enum DeviceState {
    /** Known, waiting for an administrator (or refused by the licence); its logins are refused. */
    PENDING,
    /** Active: may log in, and takes one device licence. */
    APPROVED,
    /** Refused by an administrator; tokens issued to it stop working at once. */
    BLOCKED
}
