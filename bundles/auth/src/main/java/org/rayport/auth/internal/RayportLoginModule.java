package org.rayport.auth.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.DisabledAccountException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.mgt.SecurityManager;
import org.apache.shiro.subject.PrincipalCollection;
import org.rayport.auth.AuthService;

/**
 * Shell and web console logins through Shiro. Administrators get Karaf's own roles as well, because Karaf's command
 * ACLs and its SSH server ask for those; plain users get none of them and so cannot open a shell.
 */
public class RayportLoginModule implements LoginModule {

    static final String SECURITY_MANAGER_OPTION = "rayport.securityManager";
    static final List<String> KARAF_ADMIN_ROLES = List.of("admin", "manager", "viewer", "systembundles", "ssh");

    private Subject subject;
    private CallbackHandler callbacks;
    private SecurityManager security;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.security = (SecurityManager) options.get(SECURITY_MANAGER_OPTION);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("User name: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("Cannot read the credentials: " + e.getMessage());
        }
        char[] secret = password.getPassword() == null ? new char[0] : password.getPassword();
        password.clearPassword();
        AuthenticationInfo info;
        try {
            info = security.authenticate(new UsernamePasswordToken(name.getName(), secret));
        } catch (ThrottledException | DisabledAccountException e) {
            throw new AccountLockedException(e.getMessage());
        } catch (AuthenticationException e) {
            throw new FailedLoginException("Wrong user name or password");
        }
        PrincipalCollection identity = info.getPrincipals();
        String userId = (String) identity.getPrimaryPrincipal();
        principals.add(new UserPrincipal(userId));
        if (security.hasRole(identity, AuthService.ROLE_ADMIN)) {
            KARAF_ADMIN_ROLES.forEach(role -> principals.add(new RolePrincipal(role)));
        }
        if (security.hasRole(identity, AuthService.ROLE_USER)) {
            principals.add(new RolePrincipal(AuthService.ROLE_USER));
        }
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
