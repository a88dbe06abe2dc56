package org.rayport.auth.internal;

import java.util.stream.Collectors;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.BearerToken;
import org.apache.shiro.authc.DisabledAccountException;
import org.apache.shiro.authc.ExpiredCredentialsException;
import org.apache.shiro.authc.IncorrectCredentialsException;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.AllowAllCredentialsMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.User;

/**
 * Shiro's view of Rayport's people: a password (throttled) or a bearer token proves who is asking, and the user's
 * roles, read afresh each time, say what they may do. Credentials are checked here, against the people service's
 * Argon2 hashes, so Shiro's own matcher lets everything through that this realm returned.
 */
final class RayportRealm extends AuthorizingRealm {

    private final PeopleService people;
    private final SessionTokens tokens;
    private final LoginThrottle throttle;

    RayportRealm(PeopleService people, SessionTokens tokens, LoginThrottle throttle) {
        super(new AllowAllCredentialsMatcher());
        this.people = people;
        this.tokens = tokens;
        this.throttle = throttle;
        setName("rayport");
        setAuthenticationTokenClass(AuthenticationToken.class);
        setCachingEnabled(false);
        setAuthorizationCachingEnabled(false);
        setAuthenticationCachingEnabled(false);
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof UsernamePasswordToken || token instanceof BearerToken;
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) throws AuthenticationException {
        if (token instanceof BearerToken bearer) {
            return byToken(bearer);
        }
        return byPassword((UsernamePasswordToken) token);
    }

    private AuthenticationInfo byToken(BearerToken bearer) {
        SessionTokens.Issued issued = tokens.lookup(bearer.getToken())
                .orElseThrow(() -> new ExpiredCredentialsException("The token is unknown, expired or logged out"));
        User user = people.user(issued.userId())
                .orElseThrow(() -> new ExpiredCredentialsException("The token's user no longer exists"));
        if (!user.enabled()) {
            throw new DisabledAccountException("The account is disabled");
        }
        return new SimpleAuthenticationInfo(user.id(), bearer.getToken(), getName());
    }

    private AuthenticationInfo byPassword(UsernamePasswordToken login) {
        String account = login.getUsername();
        String address = login.getHost();
        throttle.lockedFor(account, address).ifPresent(wait -> {
            throw new ThrottledException(wait);
        });
        String password = login.getPassword() == null ? "" : new String(login.getPassword());
        User user = people.checkPassword(account, password).orElse(null);
        if (user == null) {
            throttle.failed(account, address);
            throw new IncorrectCredentialsException("Wrong user name or password");
        }
        if (!(login instanceof FirstStepToken)) {
            throttle.succeeded(account, address);
        }
        if (!user.enabled()) {
            throw new DisabledAccountException("The account is disabled");
        }
        return new SimpleAuthenticationInfo(user.id(), login.getPassword(), getName());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        String userId = (String) principals.getPrimaryPrincipal();
        return new SimpleAuthorizationInfo(people.user(userId)
                .filter(User::enabled)
                .map(u -> u.roles().stream().map(Role::wireName).collect(Collectors.toSet()))
                .orElseGet(java.util.Set::of));
    }
}
