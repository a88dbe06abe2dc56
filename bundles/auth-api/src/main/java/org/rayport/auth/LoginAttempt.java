package org.rayport.auth;

/**
 * What a client sends to log in.
 *
 * @param deviceId   the client's own stable ID of the device it runs on, or null for a login without a device
 *                   (administration only)
 * @param deviceName a name for people, such as "iPad of Dr. Weber"; null takes the device ID
 * @param oneTimeCode the current code of the user's authenticator app, for accounts with two-factor authentication
 * @param source     the client's address, for throttling repeated failures
 */
public record LoginAttempt(String username, String password, String deviceId, String deviceName, String oneTimeCode,
                           String source) {

    /** A login without a device and without a second factor. */
    public static LoginAttempt withPassword(String username, String password, String source) {
        return new LoginAttempt(username, password, null, null, null, source);
    }

    /** Keeps the password and the code out of logs. */
    @Override
    public String toString() {
        return "LoginAttempt[username=" + username + ", deviceId=" + deviceId + ", deviceName=" + deviceName
                + ", source=" + source + "]";
    }
}
