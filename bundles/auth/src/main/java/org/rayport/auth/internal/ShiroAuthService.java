package org.rayport.auth.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.DisabledAccountException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.auth.AuthService;
import org.rayport.auth.LoginAttempt;
import org.rayport.auth.LoginGuard;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.LoginRefusedException.Reason;
import org.rayport.auth.Session;
import org.rayport.auth.StreamTicket;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST logins: the password through Shiro (throttled), then the {@link LoginGuard} (second factor, device approval),
 * then a token bound to the device. A use of a token asks the people service and the guard again whenever either
 * reports a change since the token's last check ({@code changeCount}), so a disabled user or a blocked device is
 * refused at once, also with tokens issued before, while the requests in between cost no lookup. Stream tickets
 * ({@link StreamTickets}) name the token session they were issued for and pass the same check when used.
 */
@Component(service = AuthService.class)
public class ShiroAuthService implements AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(ShiroAuthService.class);

    private final ShiroSecurityManager security;
    private final PeopleService people;
    private final LoginGuard guard;

    @Activate
    public ShiroAuthService(@Reference ShiroSecurityManager security, @Reference PeopleService people,
                            @Reference LoginGuard guard) {
        this.security = security;
        this.people = people;
        this.guard = guard;
    }

    @Override
    public Session login(LoginAttempt attempt) {
        String username = attempt.username();
        String password = attempt.password();
        if (username == null || username.isBlank() || password == null) {
            throw new LoginRefusedException(Reason.BAD_CREDENTIALS, "User name and password are required", Duration.ZERO);
        }
        AuthenticationInfo info;
        try {
            info = security.authenticate(new FirstStepToken(username, password, attempt.source()));
        } catch (ThrottledException e) {
            throw new LoginRefusedException(Reason.THROTTLED, e.getMessage(), e.retryAfter());
        } catch (DisabledAccountException e) {
            throw new LoginRefusedException(Reason.DISABLED, "The account is disabled", Duration.ZERO);
        } catch (AuthenticationException e) {
            throw new LoginRefusedException(Reason.BAD_CREDENTIALS, "Wrong user name or password", Duration.ZERO);
        }
        String userId = (String) info.getPrincipals().getPrimaryPrincipal();
        try {
            guard.admit(userId, attempt);
        } catch (LoginRefusedException refused) {
            if (refused.reason() == Reason.SECOND_FACTOR_WRONG) {
                // Counts like a wrong password: the throttle is what stops guessing six digits.
                security.throttle().failed(username, attempt.source());
            } else if (refused.reason() != Reason.SECOND_FACTOR_REQUIRED) {
                // Password and second factor were right; the device is the matter now.
                security.throttle().succeeded(username, attempt.source());
            }
            throw refused;
        }
        security.throttle().succeeded(username, attempt.source());
        String token = security.tokens().issue(userId, attempt.deviceId());
        return session(token).orElseThrow(() ->
                new LoginRefusedException(Reason.DISABLED, "The account was disabled during login", Duration.ZERO));
    }

    @Override
    public Optional<Session> session(String token) {
        try {
            return Optional.of(check(token));
        } catch (LoginRefusedException notAdmitted) {
            return Optional.empty();
        }
    }

    @Override
    public Session session(String token, String presentedDeviceId) {
        Session session = check(token);
        if (session.deviceBound() && !Objects.equals(session.deviceId(), presentedDeviceId)) {
            throw new LoginRefusedException(Reason.DEVICE_UNKNOWN, presentedDeviceId == null
                    ? "This token belongs to a device: send its ID in the header X-Device-Id with every request"
                    : "This token belongs to another device than the one in X-Device-Id");
        }
        return session;
    }

    @Override
    public StreamTicket issueStreamTicket(Session session) {
        if (session == null || session.sessionId() == null) {
            throw new LoginRefusedException(Reason.SESSION_ENDED, "Stream tickets are issued to a logged-in session");
        }
        Session live = checkKey(session.sessionId());
        String ticket = security.tickets().issue(session.sessionId());
        LOG.debug("Stream ticket issued to {} on device {}", live.userId(), live.deviceId());
        return new StreamTicket(ticket, security.tickets().lifetime().toSeconds());
    }

    @Override
    public Session redeemStreamTicket(String ticket) {
        String key = security.tickets().redeem(ticket).orElseThrow(() -> new LoginRefusedException(
                Reason.SESSION_ENDED, "The stream ticket is unknown, used or expired: get a new one"));
        return checkKey(key);
    }

    @Override
    public boolean stillAdmitted(Session session) {
        if (session == null || session.sessionId() == null) {
            return false;
        }
        try {
            Session now = checkKey(session.sessionId());
            return now.userId().equals(session.userId()) && Objects.equals(now.deviceId(), session.deviceId());
        } catch (LoginRefusedException ended) {
            return false;
        }
    }

    private Session check(String token) {
        if (token == null) {
            throw new LoginRefusedException(Reason.SESSION_ENDED, "The token is unknown, expired or logged out");
        }
        return withToken(checkKey(SessionTokens.keyOf(token)), token);
    }

    /**
     * The session of the token kept under this key, checked against the people service and the guard only when one
     * of them changed since its last passed check (their change counts moved), or never passed one: a disabled user,
     * a changed membership or a blocked device is seen on the next request, and an unchanged world costs no lookup at
     * all. The session carries the key as its handle and no token.
     */
    private Session checkKey(String key) {
        // Read the counts before looking: a change committed during the check moves them, so this check is redone.
        long peopleCount = people.changeCount();
        long guardCount = guard.changeCount();
        SessionTokens.Checked last = security.tokens().lastCheckByKey(key).orElse(null);
        if (last != null && last.stillValidAt(peopleCount, guardCount)) {
            return last.session();
        }
        SessionTokens.Issued issued = security.tokens().lookupByKey(key).orElseThrow(() ->
                new LoginRefusedException(Reason.SESSION_ENDED, "The token is unknown, expired or logged out"));
        User user = people.user(issued.userId()).filter(User::enabled).orElseThrow(() ->
                new LoginRefusedException(Reason.SESSION_ENDED, "The account is disabled or removed"));
        guard.checkStillAdmitted(user.id(), issued.deviceId());
        Session checked = new Session(null, user.id(),
                user.roles().stream().map(Role::wireName).collect(Collectors.toSet()),
                user.mustChangePassword(), issued.expiresAt(), issued.deviceId(), key);
        security.tokens().rememberCheckByKey(key, new SessionTokens.Checked(checked, peopleCount, guardCount));
        return checked;
    }

    private static Session withToken(Session session, String token) {
        return new Session(token, session.userId(), session.roles(), session.mustChangePassword(),
                session.expiresAt(), session.deviceId(), session.sessionId());
    }

    @Override
    public void logout(String token) {
        security.tokens().revoke(token);
    }

    @Override
    public Session changePassword(String token, String currentPassword, String newPassword) {
        Session session = session(token).orElseThrow(() -> new LoginRefusedException(Reason.BAD_CREDENTIALS,
                "The token is unknown, expired or logged out", Duration.ZERO));
        people.changePassword(session.userId(), currentPassword, newPassword);
        return session(token).orElseThrow();
    }
}
