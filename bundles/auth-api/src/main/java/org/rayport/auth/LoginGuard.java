package org.rayport.auth;

/**
 * The checks of a REST login beyond the password, and of every request made with a token: the devices bundle
 * provides the one guard (second factor, device approval, device licences). The auth bundle issues no token while
 * no guard is registered, so that a missing check fails closed.
 */
public interface LoginGuard {

    /**
     * Called once the password proved who {@code userId} is, before a token is issued.
     *
     * @throws LoginRefusedException to refuse the login, with a reason and a message for the person who tried
     */
    void admit(String userId, LoginAttempt attempt);

    /**
     * Called for every request made with a token of {@code userId} bound to {@code deviceId} (null for none).
     *
     * @throws LoginRefusedException when the token may no longer be used, e.g. because its device was blocked
     */
    void checkStillAdmitted(String userId, String deviceId);

    /**
     * A number that moves, after the commit, whenever something {@link #checkStillAdmitted} looks at changes (a device
     * approved, blocked or removed), so that a passed check may be reused while it stays the same. Negative when the
     * guard cannot tell: then every request is checked afresh.
     */
    default long changeCount() {
        return -1;
    }
}
