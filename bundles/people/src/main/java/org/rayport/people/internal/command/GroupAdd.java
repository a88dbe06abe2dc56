package org.rayport.people.internal.command;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rayport.people.Group;
import org.rayport.people.PeopleException;
import org.rayport.people.PeopleService;

@Service
@Command(scope = "rayport", name = "group-add", description = "Adds a group, which is also a chat room.")
public class GroupAdd implements Action {

    @Argument(index = 0, name = "id", description = "The group's ID", required = true)
    String id;

    @Option(name = "--name", description = "Display name; the ID when left out")
    String name;

    @Option(name = "--disabled", description = "Add the group disabled: it gives its members nothing until enabled")
    boolean disabled;

    @Option(name = "--member", description = "A user who belongs to the group; repeat for more", multiValued = true)
    @Completion(UserIdCompleter.class)
    List<String> members;

    @Option(name = "--chat-admin", description = "A member who moderates the group's chat (made a member too);"
            + " repeat for more", multiValued = true)
    @Completion(UserIdCompleter.class)
    List<String> chatAdmins;

    @Reference
    PeopleService people;

    @Override
    public Object execute() throws Exception {
        try {
            // A chat administrator must be a member; naming them once is enough.
            Set<String> allMembers = new LinkedHashSet<>();
            if (members != null) {
                allMembers.addAll(members);
            }
            if (chatAdmins != null) {
                allMembers.addAll(chatAdmins);
            }
            Group added = people.addGroup(new Group(id, name, !disabled, allMembers,
                    chatAdmins == null ? null : Set.copyOf(chatAdmins)));
            System.out.println("Added group '" + added.id() + "'");
            CommandSupport.printMembers(added, people);
            return null;
        } catch (PeopleException e) {
            throw CommandSupport.failure(e);
        }
    }
}
