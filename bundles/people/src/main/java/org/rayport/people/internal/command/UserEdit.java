package org.rayport.people.internal.command;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.rayport.people.PeopleException;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.UnknownPersonException;
import org.rayport.people.User;
import org.rayport.people.UserDraft;
import org.rayport.people.internal.command.CommandSupport.NewPassword;

@Service
@Command(scope = "rayport", name = "user-edit",
        description = "Changes a user. Only what the options name changes; a new password must be changed by the user"
                + " at the next login.")
public class UserEdit implements Action {

    @Argument(index = 0, name = "id", description = "The user to change", required = true)
    @Completion(UserIdCompleter.class)
    String id;

    @Option(name = "--name", description = "New full name")
    String name;

    @Option(name = "--mail", description = "New e-mail addresses, separated by semicolons; \"\" removes all")
    String mail;

    @Option(name = "--role", description = "New roles, admin or user; repeat or separate with commas for both",
            multiValued = true)
    List<String> roles;

    @Option(name = "--enable", description = "Let the user log in")
    boolean enable;

    @Option(name = "--disable", description = "Stop the user from logging in")
    boolean disable;

    @Option(name = "--reset-password", description = "Set a new password, asked for twice")
    boolean resetPassword;

    @Option(name = "--password-stdin", description = "Set a new password, read from the first line of standard input")
    boolean passwordFromStandardInput;

    @Option(name = "--generate-password", description = "Set a new random password and print it once")
    boolean generatePassword;

    @Reference
    PeopleService people;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        if (enable && disable) {
            throw new CommandException("Give either --enable or --disable");
        }
        try {
            User current = people.user(id).orElseThrow(() -> new UnknownPersonException("user", id));
            UserDraft unchanged = CommandSupport.draftOf(current);
            Set<Role> newRoles = CommandSupport.roles(roles);
            NewPassword password = CommandSupport.newPassword(session, resetPassword, passwordFromStandardInput,
                    generatePassword);
            UserDraft changed = new UserDraft(id,
                    name != null ? name : unchanged.name(),
                    password != null ? password.value() : null,
                    enable || (!disable && unchanged.enabled()),
                    mail != null ? CommandSupport.mailAddresses(mail) : unchanged.mail(),
                    newRoles != null ? newRoles : unchanged.roles(),
                    unchanged.options());
            if (changed.equals(unchanged)) {
                System.out.println("Nothing to change for user '" + id + "'");
                return null;
            }
            User edited = people.editUser(id, changed);
            System.out.println("Changed user '" + edited.id() + "': " + edited.name() + ", "
                    + (edited.enabled() ? "enabled" : "disabled") + ", " + CommandSupport.rolesText(edited.roles()));
            CommandSupport.printGenerated(edited.id(), password);
            return null;
        } catch (PeopleException e) {
            throw CommandSupport.failure(e);
        }
    }
}
