package org.rayport.people.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.people.Group;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.User;
import org.rayport.people.UserDraft;
import org.rayport.people.internal.StartedPeopleService;

/** The shell commands against a real people service; every test uses its own user and group IDs. */
public class PeopleCommandsTest {

    private static final String PASSWORD = "a good password";

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static StartedPeopleService started;
    private static PeopleService people;

    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();
    private final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> {
                if (method.getName().equals("readLine")) {
                    prompts.add(args[0] + (args[1] == null ? "" : "[" + args[1] + "]"));
                    return answers.poll();
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private InputStream originalIn;

    @BeforeClass
    public static void startPeople() throws Exception {
        started = StartedPeopleService.onH2(TEMP.getRoot().toPath());
        people = started.people();
    }

    @AfterClass
    public static void stopPeople() throws Exception {
        started.close();
    }

    @Before
    public void captureConsole() {
        originalOut = System.out;
        originalIn = System.in;
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    @After
    public void restoreConsole() {
        System.setOut(originalOut);
        System.setIn(originalIn);
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private static User addDirectly(String id, Map<String, String> options) {
        return people.addUser(new UserDraft(id, "Name of " + id, PASSWORD, true, List.of(id + "@example.org"),
                Set.of(Role.USER), options));
    }

    private UserAdd userAdd(String id) {
        UserAdd command = new UserAdd();
        command.people = people;
        command.session = session;
        command.id = id;
        return command;
    }

    private UserEdit userEdit(String id) {
        UserEdit command = new UserEdit();
        command.people = people;
        command.session = session;
        command.id = id;
        return command;
    }

    private static String failure(Action command) {
        return assertThrows(CommandException.class, command::execute).getMessage();
    }

    @Test
    public void userAddAsksTwiceForThePasswordWithoutEcho() throws Exception {
        answers.addAll(List.of(PASSWORD, PASSWORD));
        UserAdd command = userAdd("add.prompted");
        command.name = "Pat Prompt";
        command.mail = "pat@example.org; p.prompt@example.org";
        command.roles = List.of("admin, USER");

        command.execute();

        assertEquals(List.of("Password: [*]", "Repeat the password: [*]"), prompts);
        User added = people.checkPassword("add.prompted", PASSWORD).orElseThrow();
        assertEquals(new User("add.prompted", "Pat Prompt", true, List.of("pat@example.org", "p.prompt@example.org"),
                Set.of(Role.ADMIN, Role.USER), Map.of(), true), added);
        assertFalse("the password is not printed", printed().contains(PASSWORD));
    }

    @Test
    public void userAddRefusesDifferentPasswords() {
        answers.addAll(List.of(PASSWORD, PASSWORD + "!"));

        assertEquals("The passwords differ", failure(userAdd("add.differ")));
        assertTrue(people.user("add.differ").isEmpty());
    }

    @Test
    public void userAddReadsOnlyTheFirstLineOfStandardInput() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream((PASSWORD + "\nnext line").getBytes(StandardCharsets.UTF_8));
        System.setIn(in);
        UserAdd command = userAdd("add.piped");
        command.passwordFromStandardInput = true;
        command.disabled = true;

        command.execute();

        assertEquals(List.of(), prompts);
        assertFalse(people.checkPassword("add.piped", PASSWORD).orElseThrow().enabled());
        assertEquals('n', in.read());
    }

    @Test
    public void userAddPrintsAGeneratedPasswordOnce() throws Exception {
        UserAdd command = userAdd("add.generated");
        command.generatePassword = true;

        command.execute();

        Matcher shown = Pattern.compile("Password of 'add.generated': (\\S+)").matcher(printed());
        assertTrue(printed(), shown.find());
        assertEquals(CommandSupport.GENERATED_PASSWORD_LENGTH, shown.group(1).length());
        assertTrue(people.checkPassword("add.generated", shown.group(1)).orElseThrow().mustChangePassword());
        assertFalse("shown once", shown.find());
    }

    @Test
    public void userAddFailsBeforeAskingWhenTheUserExistsOrTheInputIsWrong() {
        addDirectly("add.exists", Map.of());

        assertEquals("A user with ID 'add.exists' exists already", failure(userAdd("add.exists")));
        UserAdd badRole = userAdd("add.badrole");
        badRole.roles = List.of("root");
        assertTrue(failure(badRole).startsWith("roles: unknown role 'root'"));
        UserAdd twoWays = userAdd("add.twoways");
        twoWays.generatePassword = true;
        twoWays.passwordFromStandardInput = true;
        assertEquals("Give only one way to set the password", failure(twoWays));
        assertEquals(List.of(), prompts);

        answers.addAll(List.of("short", "short"));
        assertEquals("password: at least 8 characters", failure(userAdd("add.short")));
        assertTrue(people.user("add.short").isEmpty());
    }

    @Test
    public void userEditChangesOnlyWhatItsOptionsName() throws Exception {
        User before = addDirectly("edit.only", Map.of("theme", "dark"));

        UserEdit rename = userEdit("edit.only");
        rename.name = "Renamed";
        rename.execute();
        assertEquals(new User("edit.only", "Renamed", true, before.mail(), before.roles(), before.options(), true),
                people.user("edit.only").orElseThrow());

        UserEdit disable = userEdit("edit.only");
        disable.disable = true;
        disable.mail = "";
        disable.roles = List.of("admin");
        disable.execute();
        assertEquals(new User("edit.only", "Renamed", false, List.of(), Set.of(Role.ADMIN), before.options(), true),
                people.user("edit.only").orElseThrow());
        assertTrue("the password stays", people.checkPassword("edit.only", PASSWORD).isPresent());

        UserEdit enable = userEdit("edit.only");
        enable.enable = true;
        enable.execute();
        assertTrue(people.user("edit.only").orElseThrow().enabled());

        output.reset();
        userEdit("edit.only").execute();
        assertTrue(printed(), printed().contains("Nothing to change"));
    }

    @Test
    public void userEditResetsThePassword() throws Exception {
        addDirectly("edit.reset", Map.of());
        people.changePassword("edit.reset", PASSWORD, "the user's own");
        answers.addAll(List.of("set by the admin", "set by the admin"));
        UserEdit reset = userEdit("edit.reset");
        reset.resetPassword = true;

        reset.execute();

        assertTrue(people.checkPassword("edit.reset", "set by the admin").orElseThrow().mustChangePassword());
        UserEdit generate = userEdit("edit.reset");
        generate.generatePassword = true;
        generate.execute();
        assertTrue(printed().contains("Password of 'edit.reset': "));
        assertTrue(people.checkPassword("edit.reset", "set by the admin").isEmpty());
    }

    @Test
    public void userEditReportsRefusalsWithoutChanging() {
        UserEdit both = userEdit(PeopleService.ADMIN_ID);
        both.enable = true;
        both.disable = true;
        assertEquals("Give either --enable or --disable", failure(both));

        UserEdit lastAdmin = userEdit(PeopleService.ADMIN_ID);
        lastAdmin.roles = List.of("user");
        String message = failure(lastAdmin);
        assertTrue(message, message.contains("last enabled administrator"));

        assertEquals("No user with ID 'edit.nobody'", failure(userEdit("edit.nobody")));
    }

    @Test
    public void userRemoveRemovesOnlyAfterYes() throws Exception {
        addDirectly("remove.me", Map.of());
        UserRemove remove = new UserRemove();
        remove.people = people;
        remove.session = session;
        remove.id = "remove.me";

        answers.add("no");
        remove.execute();
        assertTrue(people.user("remove.me").isPresent());
        answers.add("YES");
        remove.execute();
        assertTrue(people.user("remove.me").isEmpty());
        assertEquals(List.of("Remove user remove.me? (yes/no) ", "Remove user remove.me? (yes/no) "), prompts);

        addDirectly("remove.forced", Map.of());
        remove.id = "remove.forced";
        remove.force = true;
        remove.execute();
        assertTrue(people.user("remove.forced").isEmpty());
        assertEquals(2, prompts.size());
        assertEquals("No user with ID 'remove.forced'", failure(remove));
    }

    @Test
    public void groupCommandsKeepChatAdminsAmongTheMembers() throws Exception {
        addDirectly("grp.ann", Map.of());
        addDirectly("grp.bob", Map.of());
        addDirectly("grp.cy", Map.of());
        GroupAdd add = new GroupAdd();
        add.people = people;
        add.id = "grp.ward";
        add.members = List.of("grp.ann");
        add.chatAdmins = List.of("grp.bob");
        add.execute();
        assertEquals(new Group("grp.ward", "grp.ward", true, Set.of("grp.ann", "grp.bob"), Set.of("grp.bob")),
                people.group("grp.ward").orElseThrow());

        GroupMembers members = new GroupMembers();
        members.people = people;
        members.id = "grp.ward";
        members.add = List.of("grp.cy");
        members.remove = List.of("grp.bob");
        members.chatAdmin = List.of("grp.ann");
        output.reset();
        members.execute();
        assertEquals(new Group("grp.ward", "grp.ward", true, Set.of("grp.ann", "grp.cy"), Set.of("grp.ann")),
                people.group("grp.ward").orElseThrow());
        String table = printed();
        assertTrue(table, table.lines().anyMatch(line -> line.contains("grp.ann") && line.contains("chat admin")));
        assertTrue(table, table.lines().anyMatch(line -> line.contains("grp.cy") && !line.contains("chat admin")));

        GroupMembers contradicting = new GroupMembers();
        contradicting.people = people;
        contradicting.id = "grp.ward";
        contradicting.add = List.of("grp.bob");
        contradicting.remove = List.of("grp.bob");
        assertEquals("'grp.bob' is given with both --add and --remove", failure(contradicting));

        GroupMembers unknown = new GroupMembers();
        unknown.people = people;
        unknown.id = "grp.ward";
        unknown.add = List.of("grp.nobody");
        assertEquals("members: no user with ID grp.nobody", failure(unknown));
        assertEquals(Set.of("grp.ann", "grp.cy"), people.group("grp.ward").orElseThrow().members());
    }

    @Test
    public void listsAndCompletersShowWhatIsStored() throws Exception {
        addDirectly("list.zed", Map.of());
        people.addGroup(new Group("list.group", "Listed", false, Set.of("list.zed"), Set.of()));
        UserList users = new UserList();
        users.people = people;
        users.filter = "LIST.";
        GroupList groups = new GroupList();
        groups.people = people;
        groups.filter = "listed";

        users.execute();
        groups.execute();

        List<String> lines = printed().lines().collect(Collectors.toList());
        assertTrue(lines.toString(), lines.get(0).startsWith("ID"));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("list.zed") && l.contains("user")));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("list.group") && l.contains("no")));
        assertFalse(lines.toString(), lines.stream().anyMatch(l -> l.startsWith(PeopleService.ADMIN_ID)));

        UserIdCompleter userIds = new UserIdCompleter();
        userIds.people = people;
        GroupIdCompleter groupIds = new GroupIdCompleter();
        groupIds.people = people;
        assertEquals(List.of("list.zed"), complete(userIds::complete, "list."));
        assertEquals(List.of("list.group"), complete(groupIds::complete, "list."));
    }

    private interface Completion {
        int complete(Session session, CommandLine line, List<String> candidates);
    }

    private List<String> complete(Completion completer, String typed) {
        CommandLine line = (CommandLine) Proxy.newProxyInstance(CommandLine.class.getClassLoader(),
                new Class<?>[] {CommandLine.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCursorArgument", "getBuffer" -> typed;
                    case "getArgumentPosition", "getBufferPosition" -> typed.length();
                    case "getCursorArgumentIndex" -> 0;
                    case "getArguments" -> new String[] {typed};
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        List<String> candidates = new ArrayList<>();
        completer.complete(session, line, candidates);
        return candidates.stream().map(String::strip).collect(Collectors.toList());
    }
}
