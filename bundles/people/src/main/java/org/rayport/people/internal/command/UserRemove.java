package org.rayport.people.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.rayport.people.PeopleException;
import org.rayport.people.PeopleService;

@Service
@Command(scope = "rayport", name = "user-remove",
        description = "Removes a user and its group memberships, after asking unless --force is given.")
public class UserRemove implements Action {

    @Argument(index = 0, name = "id", description = "The user to remove", required = true)
    @Completion(UserIdCompleter.class)
    String id;

    @Option(name = "--force", aliases = "-f", description = "Do not ask for confirmation")
    boolean force;

    @Reference
    PeopleService people;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        try {
            CommandSupport.removeConfirmed(session, force, "user", id, people.user(id).isPresent(),
                    () -> people.removeUser(id));
            return null;
        } catch (PeopleException e) {
            throw CommandSupport.failure(e);
        }
    }
}
