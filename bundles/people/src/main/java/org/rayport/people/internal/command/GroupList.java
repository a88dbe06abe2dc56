package org.rayport.people.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.people.Group;
import org.rayport.people.PeopleService;

@Service
@Command(scope = "rayport", name = "group-list",
        description = "Lists the groups, optionally only those matching a filter.")
public class GroupList implements Action {

    @Argument(index = 0, name = "filter", description = "Part of the ID or name, ignoring case")
    String filter;

    @Reference
    PeopleService people;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable().emptyTableText("No groups");
        table.column("ID");
        table.column("Name");
        table.column("Enabled");
        table.column("Members").alignRight();
        table.column("Chat admins").maxSize(60).wrap();
        for (Group group : people.groups(filter)) {
            table.addRow().addContent(group.id(), group.name(), CommandSupport.yesNo(group.enabled()),
                    group.members().size(), CommandSupport.sortedText(group.chatAdmins()));
        }
        table.print(System.out);
        return null;
    }
}
