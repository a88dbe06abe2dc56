package org.rayport.people.internal.command;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.rayport.people.ConflictException;
import org.rayport.people.PeopleException;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.User;
import org.rayport.people.UserDraft;
import org.rayport.people.internal.command.CommandSupport.NewPassword;

/**
 * There is deliberately no option that takes the password itself: it would end up in the shell history and in
 * process listings.
 */
@Service
@Command(scope = "rayport", name = "user-add",
        description = "Adds a user. The password is asked for twice unless --password-stdin or --generate-password is"
                + " given; the user must change it at the first login.")
public class UserAdd implements Action {

    @Argument(index = 0, name = "id", description = "The login name", required = true)
    String id;

    @Option(name = "--name", description = "Full name; the ID when left out")
    String name;

    @Option(name = "--mail", description = "E-mail addresses, separated by semicolons")
    String mail;

    @Option(name = "--role", description = "admin or user; repeat or separate with commas for both. user when left out",
            multiValued = true)
    List<String> roles;

    @Option(name = "--disabled", description = "Add the user disabled: it cannot log in until enabled")
    boolean disabled;

    @Option(name = "--password-stdin", description = "Read the password from the first line of standard input")
    boolean passwordFromStandardInput;

    @Option(name = "--generate-password", description = "Generate a random password and print it once")
    boolean generatePassword;

    @Reference
    PeopleService people;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        try {
            Set<Role> chosenRoles = CommandSupport.roles(roles);
            // Checked before the password is asked for, so that nobody types it twice in vain.
            if (people.user(id).isPresent()) {
                throw new ConflictException("A user with ID '" + id + "' exists already");
            }
            NewPassword password = CommandSupport.newPassword(session,
                    !passwordFromStandardInput && !generatePassword, passwordFromStandardInput, generatePassword);
            User added = people.addUser(new UserDraft(id, name, password.value(), !disabled,
                    CommandSupport.mailAddresses(mail), chosenRoles, null));
            System.out.println("Added user '" + added.id() + "' (" + CommandSupport.rolesText(added.roles()) + ")");
            CommandSupport.printGenerated(added.id(), password);
            return null;
        } catch (PeopleException e) {
            throw CommandSupport.failure(e);
        }
    }
}
