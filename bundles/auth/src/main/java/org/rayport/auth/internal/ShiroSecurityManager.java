package org.rayport.auth.internal;

import java.time.Clock;
import java.time.Duration;

import org.apache.shiro.mgt.DefaultSecurityManager;
import org.apache.shiro.mgt.DefaultSessionStorageEvaluator;
import org.apache.shiro.mgt.DefaultSubjectDAO;
import org.apache.shiro.mgt.SecurityManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.people.PeopleService;

/**
 * Rayport's Shiro security manager, offered as a service so that every face (REST, JAAS) asks the same realm.
 * Stateless: Shiro keeps no sessions; the bearer tokens are the sessions.
 */
@Component(service = {SecurityManager.class, ShiroSecurityManager.class}, configurationPid = "org.rayport.auth")
@Designate(ocd = AuthConfig.class)
public class ShiroSecurityManager extends DefaultSecurityManager {

    private final SessionTokens tokens;
    private final StreamTickets tickets;
    private final LoginThrottle throttle;

    @Activate
    public ShiroSecurityManager(@Reference PeopleService people, AuthConfig config) {
        Clock clock = Clock.systemUTC();
        this.tokens = new SessionTokens(clock, Duration.ofHours(config.sessionHours()));
        this.tickets = new StreamTickets(clock, StreamTickets.LIFETIME);
        this.throttle = new LoginThrottle(clock, config.accountFailures(), config.addressFailures(),
                Duration.ofSeconds(config.lockSeconds()), Duration.ofMinutes(config.maxLockMinutes()));
        setRealm(new RayportRealm(people, tokens, throttle));
        DefaultSessionStorageEvaluator noSessions = new DefaultSessionStorageEvaluator();
        noSessions.setSessionStorageEnabled(false);
        ((DefaultSubjectDAO) getSubjectDAO()).setSessionStorageEvaluator(noSessions);
    }

    SessionTokens tokens() {
        return tokens;
    }

    StreamTickets tickets() {
        return tickets;
    }

    LoginThrottle throttle() {
        return throttle;
    }
}
