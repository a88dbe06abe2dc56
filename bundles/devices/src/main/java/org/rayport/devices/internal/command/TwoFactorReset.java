package org.rayport.devices.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rayport.devices.TwoFactorService;
import org.rayport.people.PeopleService;
import org.rayport.people.UnknownPersonException;

@Service
@Command(scope = "rayport", name = "two-factor-reset",
        description = "Switches a user's two-factor authentication off (e.g. after a lost phone); the user may enrol again.")
public class TwoFactorReset implements Action {

    @Argument(index = 0, name = "user", description = "The user ID", required = true)
    String user;

    @Reference
    TwoFactorService twoFactor;

    @Reference
    PeopleService people;

    @Override
    public Object execute() throws Exception {
        if (people.user(user).isEmpty()) {
            throw CommandSupport.failure(new UnknownPersonException("user", user));
        }
        System.out.println("Two-factor authentication of '" + user + "' was " + twoFactor.state(user) + "; now OFF");
        twoFactor.reset(user);
        return null;
    }
}
