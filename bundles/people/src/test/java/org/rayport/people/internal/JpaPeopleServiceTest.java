package org.rayport.people.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.people.ConflictException;
import org.rayport.people.Group;
import org.rayport.people.InvalidInputException;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.UnknownPersonException;
import org.rayport.people.User;
import org.rayport.people.UserDraft;
import org.rayport.people.WrongPasswordException;
import org.rayport.testing.TestDatabase;
import org.rayport.testing.TestServer;

@RunWith(Parameterized.class)
public class JpaPeopleServiceTest {

    private static final String ADMIN = PeopleService.ADMIN_ID;
    private static final String PASSWORD = "correct horse";

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DataSource dataSource;
    private Path home;
    private JpaPeopleService people;

    @Before
    public void startOnEmptyDatabase() throws Exception {
        dataSource = database.empty(temp.newFolder("db").toPath());
        home = temp.newFolder("home").toPath();
        people = start();
    }

    @After
    public void stop() throws Exception {
        if (people != null) {
            people.close();
        }
        if (dataSource != null) {
            database.close(dataSource);
        }
    }

    private JpaPeopleService start() {
        return new JpaPeopleService(new HibernatePersistenceProvider(), dataSource, new TestServer(home));
    }

    private void restart() {
        people.close();
        people = null;
        people = start();
    }

    private Path initialPasswordFile() {
        return home.resolve(InitialAdmin.PASSWORD_FILE);
    }

    private String initialPassword() throws IOException {
        return Files.readString(initialPasswordFile()).strip();
    }

    private static UserDraft draft(String id, String name, String password, Role... roles) {
        return new UserDraft(id, name, password, true, List.of(id + "@example.org"), Set.of(roles), Map.of());
    }

    private User addUser(String id, Role... roles) {
        return people.addUser(draft(id, "Name of " + id, PASSWORD, roles));
    }

    @Test
    public void firstStartCreatesAdminWithGeneratedPasswordInOwnerOnlyFile() throws IOException {
        String password = initialPassword();
        assertTrue("generated password is long enough: " + password.length(), password.length() >= 16);
        if (Files.getFileAttributeView(initialPasswordFile(), PosixFileAttributeView.class) != null) {
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(initialPasswordFile())));
        }
        assertFalse("no half-written file is left", Files.exists(home.resolve(InitialAdmin.PASSWORD_FILE + ".new")));

        User admin = people.checkPassword(ADMIN, password).orElseThrow();
        assertTrue(admin.enabled());
        assertTrue(admin.mustChangePassword());
        assertEquals(Set.of(Role.ADMIN, Role.USER), admin.roles());
        assertEquals(List.of(admin), people.users(null));
        assertTrue(people.checkPassword(ADMIN, password + "x").isEmpty());
    }

    @Test
    public void secondStartCreatesAndOverwritesNothing() throws IOException {
        String password = initialPassword();
        User admin = people.user(ADMIN).orElseThrow();

        restart();

        assertEquals(password, initialPassword());
        assertEquals(List.of(admin), people.users(null));
        assertTrue(people.checkPassword(ADMIN, password).isPresent());

        // Once the password file is gone (changed password), a start must not bring a new one.
        people.changePassword(ADMIN, password, "a new admin password");
        restart();
        assertFalse(Files.exists(initialPasswordFile()));
        assertTrue(people.checkPassword(ADMIN, "a new admin password").isPresent());
    }

    @Test
    public void changePasswordClearsTheFlagAndDeletesTheInitialPasswordFile() throws IOException {
        String password = initialPassword();

        User changed = people.changePassword(ADMIN, password, "the admin's own");

        assertFalse(changed.mustChangePassword());
        assertFalse(people.user(ADMIN).orElseThrow().mustChangePassword());
        assertFalse(Files.exists(initialPasswordFile()));
        assertTrue(people.checkPassword(ADMIN, "the admin's own").isPresent());
        assertTrue(people.checkPassword(ADMIN, password).isEmpty());
    }

    @Test
    public void anAdministratorResettingTheAdminPasswordAlsoRetiresTheInitialPasswordFile() {
        User admin = people.user(ADMIN).orElseThrow();
        people.editUser(ADMIN, new UserDraft(ADMIN, admin.name(), "set by a colleague", true, admin.mail(),
                admin.roles(), admin.options()));
        assertFalse(Files.exists(initialPasswordFile()));
    }

    @Test
    public void csvCellsThatASpreadsheetWouldRunAsFormulasAreQuoted() throws IOException {
        people.addUser(new UserDraft("eve", "=HYPERLINK(\"http://x\")", PASSWORD, true, List.of(), Set.of(Role.USER),
                Map.of()));
        StringBuilder csv = new StringBuilder();
        people.writeUsersCsv(csv);
        assertTrue(csv.toString(), csv.toString().contains("'=HYPERLINK"));
    }

    @Test
    public void changePasswordOfAnotherUserKeepsTheAdminFile() {
        addUser("ann", Role.USER);

        assertFalse(people.changePassword("ann", PASSWORD, "ann's own password").mustChangePassword());

        assertTrue(Files.exists(initialPasswordFile()));
        assertTrue(people.user(ADMIN).orElseThrow().mustChangePassword());
    }

    @Test
    public void changePasswordNeedsTheRightCurrentPasswordAndAValidNewOne() throws IOException {
        String password = initialPassword();

        assertThrows(WrongPasswordException.class,
                () -> people.changePassword(ADMIN, "wrong password", "whatever new"));
        assertEquals("newPassword", invalidField(() -> people.changePassword(ADMIN, password, "short")));
        assertEquals("newPassword", invalidField(() -> people.changePassword(ADMIN, password, password)));
        assertThrows(UnknownPersonException.class, () -> people.changePassword("nobody", password, "whatever new"));

        assertTrue(people.user(ADMIN).orElseThrow().mustChangePassword());
        assertTrue(Files.exists(initialPasswordFile()));
        assertTrue(people.checkPassword(ADMIN, password).isPresent());
    }

    @Test
    public void addEditAndRemoveUser() {
        UserDraft draft = new UserDraft("ann.lee", "  Ann Lee ", PASSWORD, true,
                List.of("ann@example.org", " ann.lee@clinic.example "), Set.of(Role.USER, Role.ADMIN),
                Map.of("theme", "dark"));

        User added = people.addUser(draft);

        User expected = new User("ann.lee", "Ann Lee", true, List.of("ann@example.org", "ann.lee@clinic.example"),
                Set.of(Role.USER, Role.ADMIN), Map.of("theme", "dark"), true);
        assertEquals(expected, added);
        assertEquals(expected, people.user("ann.lee").orElseThrow());
        assertEquals(expected, people.checkPassword("ann.lee", PASSWORD).orElseThrow());

        User edited = people.editUser("ann.lee", new UserDraft(null, "", null, false, List.of(), Set.of(),
                Map.of("lang", "de")));
        User expectedEdit = new User("ann.lee", "ann.lee", false, List.of(), Set.of(Role.USER), Map.of("lang", "de"),
                true);
        assertEquals("an empty name falls back to the ID, no roles to user", expectedEdit, edited);
        assertEquals(expectedEdit, people.user("ann.lee").orElseThrow());
        assertTrue("a null password keeps the password", people.checkPassword("ann.lee", PASSWORD).isPresent());

        people.changePassword("ann.lee", PASSWORD, "ann's own password");
        User reset = people.editUser("ann.lee", draftOf(people.user("ann.lee").orElseThrow(), "set by admin"));
        assertTrue("a password set by an administrator must be changed", reset.mustChangePassword());
        assertTrue(people.checkPassword("ann.lee", "set by admin").isPresent());
        assertTrue(people.checkPassword("ann.lee", "ann's own password").isEmpty());

        people.removeUser("ann.lee");
        assertTrue(people.user("ann.lee").isEmpty());
        assertTrue(people.checkPassword("ann.lee", "set by admin").isEmpty());
        assertThrows(UnknownPersonException.class, () -> people.removeUser("ann.lee"));
        assertThrows(UnknownPersonException.class, () -> people.editUser("ann.lee", draft));
    }

    @Test
    public void duplicateIdsAreConflicts() {
        addUser("bob", Role.USER);
        people.addGroup(new Group("ward", "Ward", true, Set.of("bob"), Set.of()));
        List<User> users = people.users(null);

        assertThrows(ConflictException.class, () -> addUser("bob", Role.ADMIN));
        assertThrows(ConflictException.class, () -> addUser(ADMIN, Role.USER));
        assertThrows(ConflictException.class, () -> people.addGroup(new Group("ward", "Other", true, null, null)));

        assertEquals(users, people.users(null));
        assertEquals("Ward", people.group("ward").orElseThrow().name());
    }

    @Test
    public void invalidUserInputNamesTheFieldAndChangesNothing() {
        addUser("carl", Role.USER);
        List<User> before = people.users(null);
        Map<String, String> tooManyOptions = new HashMap<>();
        for (int i = 0; i <= PeopleRules.MAX_OPTIONS; i++) {
            tooManyOptions.put("key" + i, "value");
        }
        Map<UserDraft, String> invalid = new HashMap<>();
        invalid.put(draft(null, "x", PASSWORD), "id");
        invalid.put(draft("", "x", PASSWORD), "id");
        invalid.put(draft("   ", "x", PASSWORD), "id");
        invalid.put(draft("a".repeat(PeopleRules.MAX_ID + 1), "x", PASSWORD), "id");
        invalid.put(draft("-dash-first", "x", PASSWORD), "id");
        invalid.put(draft("with space", "x", PASSWORD), "id");
        invalid.put(draft("slash/no", "x", PASSWORD), "id");
        invalid.put(draft("semi;colon", "x", PASSWORD), "id");
        invalid.put(draft("dave", "n".repeat(PeopleRules.MAX_NAME + 1), PASSWORD), "name");
        invalid.put(new UserDraft("dave", "Dave", PASSWORD, true, List.of("dave@example.org", "not-a-mail"), null,
                null), "mail");
        invalid.put(new UserDraft("dave", "Dave", PASSWORD, true, List.of("dave@example.org;x@example.org"), null,
                null), "mail");
        invalid.put(new UserDraft("dave", "Dave", PASSWORD, true,
                List.of("d".repeat(PeopleRules.MAX_MAIL_TOTAL) + "@example.org"), null, null), "mail");
        invalid.put(new UserDraft("dave", "Dave", PASSWORD, true, null, null, tooManyOptions), "options");
        invalid.put(new UserDraft("dave", "Dave", PASSWORD, true, null, null,
                Map.of("k".repeat(PeopleRules.MAX_OPTION_KEY + 1), "v")), "options");
        invalid.put(new UserDraft("dave", "Dave", PASSWORD, true, null, null,
                Map.of("k", "v".repeat(PeopleRules.MAX_OPTION_VALUE + 1))), "options");
        invalid.put(draft("dave", "Dave", "short"), "password");
        invalid.put(draft("dave", "Dave", null), "password");
        invalid.put(draft("dave", "Dave", "p".repeat(PeopleRules.MAX_PASSWORD + 1)), "password");

        invalid.forEach((draft, field) -> assertEquals(draft.toString(), field,
                invalidField(() -> people.addUser(draft))));
        assertEquals("name", invalidField(() -> people.editUser("carl",
                draft("carl", "n".repeat(PeopleRules.MAX_NAME + 1), null))));
        assertEquals("mail", invalidField(() -> people.editUser("carl", new UserDraft("carl", "Carl", null, true,
                List.of("carl@"), null, null))));
        assertEquals("password", invalidField(() -> people.editUser("carl", draft("carl", "Carl", "short"))));
        assertEquals("id", invalidField(() -> people.editUser("carl", draft("carl2", "Carl", null))));
        assertEquals("roles", invalidField(() -> Role.fromWireName("root")));

        assertEquals(before, people.users(null));
        assertTrue(people.checkPassword("carl", PASSWORD).isPresent());
    }

    @Test
    public void invalidGroupInputNamesTheFieldAndChangesNothing() {
        addUser("dora", Role.USER);
        people.addGroup(new Group("ward", "Ward", true, Set.of("dora"), Set.of("dora")));
        List<Group> before = people.groups(null);

        assertEquals("id", invalidField(() -> people.addGroup(new Group("", "x", true, null, null))));
        assertEquals("id", invalidField(() -> people.addGroup(new Group("a b", "x", true, null, null))));
        assertEquals("name", invalidField(() -> people.addGroup(
                new Group("ok", "n".repeat(PeopleRules.MAX_NAME + 1), true, null, null))));
        assertEquals("members", invalidField(() -> people.addGroup(
                new Group("ok", "x", true, Set.of("dora", "nobody"), null))));
        assertEquals("members", invalidField(() -> people.addGroup(
                new Group("ok", "x", true, Set.of("bad id"), null))));
        assertEquals("chatAdmins", invalidField(() -> people.addGroup(
                new Group("ok", "x", true, Set.of(), Set.of("dora")))));
        assertEquals("chatAdmins", invalidField(() -> people.editGroup("ward",
                new Group("ward", "Ward", true, Set.of(ADMIN), Set.of("dora")))));
        assertEquals("id", invalidField(() -> people.editGroup("ward", new Group("other", "Ward", true, null, null))));
        assertThrows(UnknownPersonException.class,
                () -> people.editGroup("nope", new Group("nope", "x", true, null, null)));
        assertThrows(UnknownPersonException.class, () -> people.removeGroup("nope"));

        assertEquals(before, people.groups(null));
        assertTrue(people.group("ok").isEmpty());
    }

    @Test
    public void theLastEnabledAdministratorStays() throws IOException {
        UserDraft admin = draftOf(people.user(ADMIN).orElseThrow(), null);

        assertThrows(ConflictException.class, () -> people.removeUser(ADMIN));
        assertThrows(ConflictException.class, () -> people.editUser(ADMIN, enabled(admin, false)));
        assertThrows(ConflictException.class, () -> people.editUser(ADMIN, withRoles(admin, Role.USER)));

        // A disabled administrator does not count.
        User spare = people.addUser(new UserDraft("spare", "Spare", PASSWORD, false, null, Set.of(Role.ADMIN), null));
        assertThrows(ConflictException.class, () -> people.removeUser(ADMIN));
        assertEquals(people.user(ADMIN).orElseThrow(), people.checkPassword(ADMIN, initialPassword()).orElseThrow());

        people.editUser("spare", enabled(draftOf(spare, null), true));
        people.editUser(ADMIN, withRoles(admin, Role.USER));
        assertEquals(Set.of(Role.USER), people.user(ADMIN).orElseThrow().roles());
        assertThrows(ConflictException.class, () -> people.removeUser("spare"));
        assertThrows(ConflictException.class,
                () -> people.editUser("spare", enabled(draftOf(people.user("spare").orElseThrow(), null), false)));
        people.removeUser(ADMIN);
        assertEquals(List.of("spare"), people.users(null).stream().map(User::id).collect(Collectors.toList()));
    }

    /** A draft of the stored user, the way an administrator's edit form starts. */
    private static UserDraft draftOf(User user, String newPassword) {
        return new UserDraft(user.id(), user.name(), newPassword, user.enabled(), user.mail(), user.roles(),
                user.options());
    }

    private static UserDraft enabled(UserDraft draft, boolean enabled) {
        return new UserDraft(draft.id(), draft.name(), draft.password(), enabled, draft.mail(), draft.roles(),
                draft.options());
    }

    private static UserDraft withRoles(UserDraft draft, Role... roles) {
        return new UserDraft(draft.id(), draft.name(), draft.password(), draft.enabled(), draft.mail(), Set.of(roles),
                draft.options());
    }

    @Test
    public void removingAUserRemovesItsMemberships() {
        addUser("eve", Role.USER);
        addUser("finn", Role.USER);
        people.addGroup(new Group("ward", "Ward", true, Set.of("eve", "finn"), Set.of("eve")));
        people.addGroup(new Group("night", "Night shift", true, Set.of("eve"), Set.of()));

        people.removeUser("eve");

        assertEquals(new Group("ward", "Ward", true, Set.of("finn"), Set.of()), people.group("ward").orElseThrow());
        assertEquals(new Group("night", "Night shift", true, Set.of(), Set.of()), people.group("night").orElseThrow());
        assertEquals(List.of(), people.groupsOf("eve"));
    }

    @Test
    public void editAndRemoveGroup() {
        addUser("gus", Role.USER);
        addUser("hal", Role.USER);
        Group added = people.addGroup(new Group("ward", " ", true, Set.of("gus"), Set.of("gus")));
        assertEquals(new Group("ward", "ward", true, Set.of("gus"), Set.of("gus")), added);

        Group edited = people.editGroup("ward", new Group(null, "Ward 7", false, Set.of("gus", "hal"), Set.of("hal")));

        Group expected = new Group("ward", "Ward 7", false, Set.of("gus", "hal"), Set.of("hal"));
        assertEquals(expected, edited);
        assertEquals(expected, people.group("ward").orElseThrow());
        people.removeGroup("ward");
        assertTrue(people.group("ward").isEmpty());
        assertTrue("users stay", people.user("gus").isPresent());
    }

    @Test
    public void groupsOfListsOnlyEnabledGroups() {
        addUser("ida", Role.USER);
        people.addGroup(new Group("b-on", "On", true, Set.of("ida"), Set.of()));
        people.addGroup(new Group("a-off", "Off", false, Set.of("ida"), Set.of()));
        people.addGroup(new Group("c-other", "Other", true, Set.of(ADMIN), Set.of()));

        assertEquals(List.of("b-on"), people.groupsOf("ida").stream().map(Group::id).collect(Collectors.toList()));
        assertEquals(List.of(), people.groupsOf("nobody"));
    }

    @Test
    public void filterIgnoresCaseAndLooksAtIdNameAndMail() {
        people.addUser(new UserDraft("jo", "Johanna Smith", PASSWORD, true, List.of("J.Smith@Clinic.example"), null,
                null));
        people.addUser(new UserDraft("kim", "Kim Park", PASSWORD, true, List.of("kim@lab.example"), null, null));
        people.addGroup(new Group("radiology", "CT Team", true, null, null));
        people.addGroup(new Group("lab", "Laboratory", true, null, null));

        assertEquals(List.of("jo"), userIds("SMITH"));
        assertEquals(List.of("jo"), userIds("clinic.EXAMPLE"));
        assertEquals(List.of("kim"), userIds(" KIM "));
        assertEquals(List.of(ADMIN, "jo", "kim"), userIds(" "));
        assertEquals(List.of(ADMIN, "jo", "kim"), userIds(null));
        assertEquals(List.of(), userIds("nobody"));
        assertEquals(List.of("radiology"), groupIds("ct team"));
        assertEquals(List.of("radiology"), groupIds("RADIO"));
        assertEquals(List.of("lab", "radiology"), groupIds(null));
    }

    private List<String> userIds(String filter) {
        return people.users(filter).stream().map(User::id).collect(Collectors.toList());
    }

    private List<String> groupIds(String filter) {
        return people.groups(filter).stream().map(Group::id).collect(Collectors.toList());
    }

    @Test
    public void csvExportReadsBackAsTheData() throws IOException {
        people.addUser(new UserDraft("lu", "Lu, \"the\" Boss", PASSWORD, false,
                List.of("lu@example.org", "boss@example.org"), Set.of(Role.ADMIN, Role.USER),
                Map.of("b", "2", "a", "1")));
        addUser("max", Role.USER);
        people.addGroup(new Group("ward", "Ward; east", true, Set.of("max", "lu"), Set.of("max")));

        StringBuilder usersCsv = new StringBuilder();
        people.writeUsersCsv(usersCsv);
        List<CSVRecord> userRows = CSVFormat.DEFAULT.parse(new StringReader(usersCsv.toString())).getRecords();

        assertEquals(List.of("id", "name", "enabled", "mail", "roles", "mustChangePassword", "options"),
                userRows.get(0).toList());
        assertEquals(List.of(ADMIN, "Administrator", "true", "", "admin;user", "true", ""), userRows.get(1).toList());
        assertEquals(List.of("lu", "Lu, \"the\" Boss", "false", "lu@example.org;boss@example.org", "admin;user",
                "true", "a=1;b=2"), userRows.get(2).toList());
        assertEquals(List.of("max", "Name of max", "true", "max@example.org", "user", "true", ""),
                userRows.get(3).toList());
        assertEquals(4, userRows.size());
        assertFalse("no password hash leaks", usersCsv.toString().contains("$argon2"));

        StringBuilder groupsCsv = new StringBuilder();
        people.writeGroupsCsv(groupsCsv);
        List<CSVRecord> groupRows = CSVFormat.DEFAULT.parse(new StringReader(groupsCsv.toString())).getRecords();
        assertEquals(List.of("id", "name", "enabled", "members", "chatAdmins"), groupRows.get(0).toList());
        assertEquals(List.of("ward", "Ward; east", "true", "lu;max", "max"), groupRows.get(1).toList());
        assertEquals(2, groupRows.size());
    }

    @Test
    public void dataSurvivesARestart() {
        people.addUser(new UserDraft("nia", "Nia", PASSWORD, true, List.of("nia@example.org"), Set.of(Role.ADMIN),
                Map.of("theme", "dark")));
        addUser("olaf", Role.USER);
        people.addGroup(new Group("ward", "Ward", true, Set.of("nia", "olaf"), Set.of("nia")));
        people.addGroup(new Group("off", "Off", false, Set.of(), Set.of()));
        List<User> users = people.users(null);
        List<Group> groups = people.groups(null);

        restart();

        assertEquals(users, people.users(null));
        assertEquals(groups, people.groups(null));
        assertTrue(people.checkPassword("nia", PASSWORD).isPresent());
        assertNotEquals(List.of(), people.groupsOf("olaf"));
    }

    /** The field an InvalidInputException names; fails when the call does not throw one. */
    private static String invalidField(Supplier<?> call) {
        return assertThrows(InvalidInputException.class, call::get).field();
    }
}
