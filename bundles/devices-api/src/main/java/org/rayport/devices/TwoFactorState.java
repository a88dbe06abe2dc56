package org.rayport.devices;

public enum TwoFactorState {
    /** Logins need the password only. */
    OFF,
    /** A secret was issued but not yet confirmed with a first code; logins need the password only. */
    ENROLLING,
    /** Logins need the password and a code of the authenticator app. */
    ACTIVE
}
