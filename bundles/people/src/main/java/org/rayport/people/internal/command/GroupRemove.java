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
@Command(scope = "rayport", name = "group-remove",
        description = "Removes a group (its members stay users), after asking unless --force is given.")
public class GroupRemove implements Action {

    @Argument(index = 0, name = "id", description = "The group to remove", required = true)
    @Completion(GroupIdCompleter.class)
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
            CommandSupport.removeConfirmed(session, force, "group", id, people.group(id).isPresent(),
                    () -> people.removeGroup(id));
            return null;
        } catch (PeopleException e) {
            throw CommandSupport.failure(e);
        }
    }
}
