package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/** The operator's face: the rayport shell commands over SSH, checked against what the REST API then shows. */
public class ShellIT extends RayportTestSupport {

    private String shell(String command) throws Exception {
        return Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, command);
    }

    @Test
    public void usersAreManagedFromTheShell() throws Exception {
        String token = adminToken();
        String added = shell("rayport:user-add --name 'Dr. Shell' --mail shell@example.org --role admin,user "
                + "--generate-password dr.shell");
        assertTrue(added, added.contains("Added user 'dr.shell'"));
        Matcher generated = Pattern.compile("Password of 'dr.shell': (\\S+)").matcher(added);
        assertTrue(added, generated.find());
        assertEquals("the generated password logs in", 200, api().post("/api/v1/auth/login", null,
                Api.json("username", "dr.shell", "password", generated.group(1))).status());

        String list = shell("rayport:user-list shell");
        assertTrue(list, list.contains("dr.shell") && list.contains("Dr. Shell"));
        assertFalse(list, list.contains("Administrator"));

        shell("rayport:user-edit --name 'Dr. Shell Edited' --disable dr.shell");
        var user = api().get("/api/v1/admin/users/dr.shell", token).json();
        assertEquals("Dr. Shell Edited", user.get("name").asText());
        assertFalse(user.get("enabled").asBoolean());

        String duplicate = shell("rayport:user-add --generate-password dr.shell");
        assertTrue(duplicate, duplicate.contains("exists already"));
        assertFalse("an expected error is a message, not a stack trace", duplicate.contains("Exception"));

        shell("rayport:user-remove --force dr.shell");
        assertEquals(404, api().get("/api/v1/admin/users/dr.shell", token).status());
        String lastAdmin = shell("rayport:user-remove --force admin");
        assertTrue(lastAdmin, lastAdmin.contains("last enabled administrator"));
    }

    @Test
    public void groupsAndMembersAreManagedFromTheShell() throws Exception {
        String token = adminToken();
        shell("rayport:user-add --generate-password tech1");
        shell("rayport:user-add --generate-password tech2");
        String added = shell("rayport:group-add --name 'CT Team' --member tech1 --chat-admin tech2 ct");
        assertTrue(added, added.contains("ct"));
        String members = shell("rayport:group-members --add admin --remove tech1 ct");
        assertTrue(members, members.contains("admin") && members.contains("tech2") && !members.contains("tech1"));
        var group = api().get("/api/v1/admin/groups/ct", token).json();
        assertEquals("CT Team", group.get("name").asText());
        assertEquals(2, group.get("members").size());
        assertEquals("tech2", group.get("chatAdmins").get(0).asText());
        assertTrue(shell("rayport:group-list").contains("CT Team"));
        String unknown = shell("rayport:group-members --add nobody ct");
        assertTrue(unknown, unknown.contains("nobody"));
        shell("rayport:group-remove --force ct");
        assertEquals(404, api().get("/api/v1/admin/groups/ct", token).status());
    }

    @Test
    public void commandsExplainThemselves() throws Exception {
        adminToken();
        String help = shell("rayport:user-add --help");
        assertTrue(help, help.contains("--generate-password") && help.contains("DESCRIPTION"));
    }
}
