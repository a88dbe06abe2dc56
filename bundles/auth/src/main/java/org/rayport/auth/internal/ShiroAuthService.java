package org.rayport.auth.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.DisabledAccountException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.auth.AuthService;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.LoginRefusedException.Reason;
import org.rayport.auth.Session;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.User;

@Component(service = AuthService.class)
public class ShiroAuthService implements AuthService {

    private final ShiroSecurityManager security;
    private final PeopleService people;

    @Activate
    public ShiroAuthService(@Reference ShiroSecurityManager security, @Reference PeopleService people) {
        this.security = security;
        this.people = people;
    }

    @Override
    public Session login(String username, String password, String source) {
        if (username == null || username.isBlank() || password == null) {
            throw new LoginRefusedException(Reason.BAD_CREDENTIALS, "User name and password are required", Duration.ZERO);
        }
        AuthenticationInfo info;
        try {
            info = security.authenticate(new UsernamePasswordToken(username, password, false, source));
        } catch (ThrottledException e) {
            throw new LoginRefusedException(Reason.THROTTLED, e.getMessage(), e.retryAfter());
        } catch (DisabledAccountException e) {
            throw new LoginRefusedException(Reason.DISABLED, "The account is disabled", Duration.ZERO);
        } catch (AuthenticationException e) {
            throw new LoginRefusedException(Reason.BAD_CREDENTIALS, "Wrong user name or password", Duration.ZERO);
        }
        String userId = (String) info.getPrincipals().getPrimaryPrincipal();
        String token = security.tokens().issue(userId);
        return session(token).orElseThrow(() ->
                new LoginRefusedException(Reason.DISABLED, "The account was disabled during login", Duration.ZERO));
    }

    @Override
    public Optional<Session> session(String token) {
        return security.tokens().lookup(token).flatMap(issued -> people.user(issued.userId())
                .filter(User::enabled)
                .map(user -> new Session(token, user.id(),
                        user.roles().stream().map(Role::wireName).collect(Collectors.toSet()),
                        user.mustChangePassword(), issued.expiresAt())));
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
