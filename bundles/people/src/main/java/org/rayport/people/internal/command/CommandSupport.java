package org.rayport.people.internal.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.people.internal.GeneratedPasswords;
import org.rayport.people.Group;
import org.rayport.people.PeopleException;
import org.rayport.people.UnknownPersonException;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.User;
import org.rayport.people.UserDraft;

/** What the user and group commands share: password entry, confirmation, parsing and formatting of options. */
final class CommandSupport {

    static final int GENERATED_PASSWORD_LENGTH = 16;
    /** Without look-alikes (0/O, 1/l/I), since an operator reads the password out or types it over. */

    private CommandSupport() {
    }

    /** A password an operator set, and whether it was generated and must therefore be shown to them once. */
    record NewPassword(String value, boolean generated) {

        @Override
        public String toString() {
            return "NewPassword[generated=" + generated + "]";
        }
    }

    /**
     * Karaf prints a CommandException's message in red and logs it at debug level only: an expected refusal such as
     * a duplicate ID is not worth a stack trace in karaf.log.
     */
    static CommandException failure(PeopleException refused) {
        return new CommandException(refused.getMessage());
    }

    /**
     * The new password the options ask for, or null when none of them is set.
     *
     * @param prompt ask twice on the terminal, without echo
     * @param fromStandardInput read one line from standard input, for scripts
     * @param generate generate one, for the caller to print once
     */
    static NewPassword newPassword(Session session, boolean prompt, boolean fromStandardInput, boolean generate)
            throws CommandException, IOException {
        int chosen = (prompt ? 1 : 0) + (fromStandardInput ? 1 : 0) + (generate ? 1 : 0);
        if (chosen > 1) {
            throw new CommandException("Give only one way to set the password");
        }
        if (fromStandardInput) {
            // System.in, not the session's keyboard: Karaf binds it to a pipe's output when the command is piped into.
            return new NewPassword(firstLine(System.in), false);
        }
        if (generate) {
            return new NewPassword(generatePassword(), true);
        }
        return prompt ? new NewPassword(promptTwice(session), false) : null;
    }

    static void printGenerated(String userId, NewPassword password) {
        if (password != null && password.generated()) {
            System.out.println("Password of '" + userId + "': " + password.value());
            System.out.println("It is shown only this once; the user must change it at the first login.");
        }
    }

    private static String promptTwice(Session session) throws CommandException, IOException {
        String first = session.readLine("Password: ", '*');
        if (first == null || first.isEmpty()) {
            throw new CommandException("No password given");
        }
        String second = session.readLine("Repeat the password: ", '*');
        if (!first.equals(second)) {
            throw new CommandException("The passwords differ");
        }
        return first;
    }

    /**
     * Reads up to the end of the first line and no further, so that nothing meant for a later reader is swallowed.
     * A carriage return ends the line too: a terminal in raw mode sends it for the Enter key.
     */
    static String firstLine(InputStream in) throws CommandException, IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && b != '\r') {
            line.write(b);
        }
        if (line.size() == 0) {
            throw new CommandException("No password on standard input");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    static String generatePassword() {
        return GeneratedPasswords.of(GENERATED_PASSWORD_LENGTH);
    }

    /**
     * Removes a user or group after the operator confirmed it (unless forced); the shared body of user-remove and
     * group-remove.
     *
     * @param kind "user" or "group", as the messages name it
     */
    static void removeConfirmed(Session session, boolean force, String kind, String id, boolean exists,
                                Runnable remove) throws IOException {
        if (!exists) {
            throw new UnknownPersonException(kind, id);
        }
        String capitalised = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        if (!force && !confirmed(session, "Remove " + kind + " " + id + "?")) {
            System.out.println(capitalised + " '" + id + "' was not removed");
            return;
        }
        remove.run();
        System.out.println("Removed " + kind + " '" + id + "'");
    }

    /** True only for an explicit yes: a mistyped answer must not remove anything. */
    static boolean confirmed(Session session, String question) throws IOException {
        String answer = session.readLine(question + " (yes/no) ", null);
        return answer != null && List.of("yes", "y").contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    /** The user as it is, without a password, for the edit command to change only what its options name. */
    static UserDraft draftOf(User user) {
        return new UserDraft(user.id(), user.name(), null, user.enabled(), user.mail(), user.roles(), user.options());
    }

    /** Addresses separated by semicolons (or commas); an empty or null text means none. */
    static List<String> mailAddresses(String text) {
        List<String> addresses = new ArrayList<>();
        if (text == null) {
            return addresses;
        }
        for (String part : text.split("[;,]")) {
            if (!part.isBlank()) {
                addresses.add(part.strip());
            }
        }
        return addresses;
    }

    /**
     * The roles by name, from repeated options or a comma separated list; null for none given. Names are checked by
     * {@link Role#fromWireName}.
     */
    static Set<Role> roles(List<String> names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String listed : names) {
            for (String name : listed.split(",")) {
                roles.add(Role.fromWireName(name.strip()));
            }
        }
        return roles;
    }

    static String rolesText(Set<Role> roles) {
        return roles.stream().sorted().map(Role::wireName).collect(Collectors.joining(", "));
    }

    static String sortedText(Collection<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", "));
    }

    /** The group's members by ID with their names, chat administrators marked. */
    static void printMembers(Group group, PeopleService people) {
        Map<String, String> names = people.users(null).stream().collect(Collectors.toMap(User::id, User::name));
        System.out.println("Members of group '" + group.id() + "' (" + group.name() + "):");
        ShellTable table = new ShellTable().emptyTableText("No members");
        table.column("Member");
        table.column("Name");
        table.column("Chat admin");
        for (String member : new TreeSet<>(group.members())) {
            table.addRow().addContent(member, names.getOrDefault(member, ""),
                    group.chatAdmins().contains(member) ? "chat admin" : "");
        }
        table.print(System.out);
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
