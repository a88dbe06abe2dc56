package org.rayport.people.internal.command;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.rayport.people.Group;
import org.rayport.people.PeopleException;
import org.rayport.people.PeopleService;
import org.rayport.people.UnknownPersonException;

@Service
@Command(scope = "rayport", name = "group-members",
        description = "Shows a group's members; with options, changes who belongs to it and who moderates its chat.")
public class GroupMembers implements Action {

    @Argument(index = 0, name = "id", description = "The group", required = true)
    @Completion(GroupIdCompleter.class)
    String id;

    @Option(name = "--add", description = "Make a user a member; repeat for more", multiValued = true)
    @Completion(UserIdCompleter.class)
    List<String> add;

    @Option(name = "--remove", description = "Take a member out (also as chat admin); repeat for more",
            multiValued = true)
    @Completion(UserIdCompleter.class)
    List<String> remove;

    @Option(name = "--chat-admin", description = "Make a user a chat admin, and a member if not yet; repeat for more",
            multiValued = true)
    @Completion(UserIdCompleter.class)
    List<String> chatAdmin;

    @Option(name = "--no-chat-admin", description = "Make a chat admin an ordinary member; repeat for more",
            multiValued = true)
    @Completion(UserIdCompleter.class)
    List<String> noChatAdmin;

    @Reference
    PeopleService people;

    @Override
    public Object execute() throws Exception {
        requireDisjoint(add, "--add", remove, "--remove");
        requireDisjoint(chatAdmin, "--chat-admin", remove, "--remove");
        requireDisjoint(chatAdmin, "--chat-admin", noChatAdmin, "--no-chat-admin");
        try {
            Group current = people.group(id).orElseThrow(() -> new UnknownPersonException("group", id));
            Set<String> members = new HashSet<>(current.members());
            Set<String> chatAdmins = new HashSet<>(current.chatAdmins());
            members.addAll(orNone(add));
            members.addAll(orNone(chatAdmin));
            members.removeAll(orNone(remove));
            chatAdmins.addAll(orNone(chatAdmin));
            chatAdmins.removeAll(orNone(noChatAdmin));
            chatAdmins.retainAll(members);
            Group result = current;
            if (!members.equals(current.members()) || !chatAdmins.equals(current.chatAdmins())) {
                result = people.editGroup(id, new Group(id, current.name(), current.enabled(), members, chatAdmins));
            }
            CommandSupport.printMembers(result, people);
            return null;
        } catch (PeopleException e) {
            throw CommandSupport.failure(e);
        }
    }

    private static void requireDisjoint(List<String> some, String someOption, List<String> others, String otherOption)
            throws CommandException {
        for (String user : orNone(some)) {
            if (orNone(others).contains(user)) {
                throw new CommandException("'" + user + "' is given with both " + someOption + " and " + otherOption);
            }
        }
    }

    private static List<String> orNone(List<String> values) {
        return values == null ? List.of() : values;
    }
}
