package org.rayport.people.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.people.PeopleService;
import org.rayport.people.User;

@Service
@Command(scope = "rayport", name = "user-list",
        description = "Lists the users, optionally only those matching a filter.")
public class UserList implements Action {

    @Argument(index = 0, name = "filter", description = "Part of the ID, name or mail address, ignoring case")
    String filter;

    @Reference
    PeopleService people;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable().emptyTableText("No users");
        table.column("ID");
        table.column("Name");
        table.column("Enabled");
        table.column("Roles");
        table.column("Mail").maxSize(60).wrap();
        table.column("Must change password");
        for (User user : people.users(filter)) {
            table.addRow().addContent(user.id(), user.name(), CommandSupport.yesNo(user.enabled()),
                    CommandSupport.rolesText(user.roles()), String.join("; ", user.mail()),
                    CommandSupport.yesNo(user.mustChangePassword()));
        }
        table.print(System.out);
        return null;
    }
}
