package org.rayport.auth.internal;

import java.time.Duration;

import org.apache.shiro.authc.ExcessiveAttemptsException;

/** Too many failed logins; carries how long the caller must wait. */
class ThrottledException extends ExcessiveAttemptsException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    ThrottledException(Duration retryAfter) {
        super("Too many failed logins; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
