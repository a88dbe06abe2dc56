package org.rayport.auth.internal;

import org.apache.shiro.authc.UsernamePasswordToken;

/**
 * The password step of a REST login, which the {@link org.rayport.auth.LoginGuard} completes (second factor, device).
 * A correct password alone must not clear the throttle's failure count, or a thief of the password could try codes
 * without end; {@link ShiroAuthService} clears it once the whole login succeeded.
 */
final class FirstStepToken extends UsernamePasswordToken {

    private static final long serialVersionUID = 1L;

    FirstStepToken(String username, String password, String host) {
        super(username, password, false, host);
    }
}
