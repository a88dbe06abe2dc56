package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.rayport.itests.Api.Reply;

import com.fasterxml.jackson.databind.JsonNode;

/** The REST API of users, groups and logins, over real HTTP against the booted distribution. */
public class RestApiIT extends RayportTestSupport {

    @Test
    public void healthAnswersWithoutLogin() {
        Reply health = api().get("/api/v1/health", null);
        assertEquals(200, health.status());
        assertEquals("UP", health.json().get("status").asText());
    }

    @Test
    public void theGeneratedPasswordServesOnlyTheFirstLogin() throws Exception {
        String token = adminToken();
        assertNotNull(replacedInitialPassword);
        assertEquals(200, api().get("/api/v1/admin/users", token).status());
        assertEquals(401, api().post("/api/v1/auth/login", null,
                Api.json("username", "admin", "password", replacedInitialPassword)).status());
        Reply tooShort = api().post("/api/v1/auth/password", token,
                Api.json("oldPassword", ADMIN_PASSWORD, "newPassword", "short"));
        assertEquals(400, tooShort.status());
        assertEquals("newPassword", tooShort.json().get("field").asText());
    }

    @Test
    public void wrongCredentialsAndMissingTokensAreRefused() throws Exception {
        adminToken();
        assertEquals(401, api().post("/api/v1/auth/login", null,
                Api.json("username", "admin", "password", "not-the-password")).status());
        assertEquals(401, api().post("/api/v1/auth/login", null,
                Api.json("username", "nobody", "password", "whatever-1")).status());
        Reply noToken = api().get("/api/v1/admin/users", null);
        assertEquals(401, noToken.status());
        assertNotNull(noToken.header("WWW-Authenticate"));
        assertEquals(401, api().get("/api/v1/admin/users", "forged-token").status());
    }

    @Test
    public void usersCanBeAddedEditedListedExportedAndRemoved() throws Exception {
        String admin = adminToken();
        Reply created = api().post("/api/v1/admin/users", admin, "{\"id\":\"dr.meyer\",\"name\":\"Dr. Meyer\","
                + "\"password\":\"Meyer-Pass-1\",\"mail\":\"meyer@example.org;m@example.org\","
                + "\"options\":{\"language\":\"de\"}}");
        assertEquals(created.body(), 201, created.status());
        JsonNode user = created.json();
        assertEquals("dr.meyer", user.get("id").asText());
        assertFalse("the password is never sent back", user.has("password"));
        assertEquals(List.of("user"), Api.JSON.convertValue(user.get("roles"), List.class));
        assertTrue(user.get("mustChangePassword").asBoolean());

        Reply edited = api().put("/api/v1/admin/users/dr.meyer", admin, "{\"name\":\"Dr. Anna Meyer\",\"enabled\":true,"
                + "\"mail\":\"meyer@example.org\",\"roles\":[\"user\",\"admin\"],\"options\":{}}");
        assertEquals(edited.body(), 200, edited.status());
        assertEquals("Dr. Anna Meyer", edited.json().get("name").asText());

        Reply filtered = api().get("/api/v1/admin/users?filter=ANNA", admin);
        assertEquals(1, filtered.json().size());
        Reply csv = api().get("/api/v1/admin/users.csv", admin);
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"));
        assertTrue(csv.body(), csv.body().startsWith("id,name,enabled,mail,roles,mustChangePassword,options"));
        assertTrue(csv.body(), csv.body().contains("dr.meyer,Dr. Anna Meyer,true,meyer@example.org,admin;user,true,"));

        assertEquals(204, api().delete("/api/v1/admin/users/dr.meyer", admin).status());
        assertEquals(404, api().get("/api/v1/admin/users/dr.meyer", admin).status());
        assertEquals(404, api().delete("/api/v1/admin/users/dr.meyer", admin).status());
    }

    @Test
    public void badInputGetsA400WithAMessageAndChangesNothing() throws Exception {
        String admin = adminToken();
        int before = api().get("/api/v1/admin/users", admin).json().size();
        Map<String, String> bad = Map.of(
                "{\"id\":\"\",\"password\":\"Valid-Pass-1\"}", "id",
                "{\"id\":\"bad id!\",\"password\":\"Valid-Pass-1\"}", "id",
                "{\"id\":\"ok1\",\"password\":\"Valid-Pass-1\",\"name\":\"" + "x".repeat(201) + "\"}", "name",
                "{\"id\":\"ok2\",\"password\":\"Valid-Pass-1\",\"mail\":\"not-a-mail\"}", "mail",
                "{\"id\":\"ok3\",\"password\":\"short\"}", "password",
                "{\"id\":\"ok4\",\"password\":\"Valid-Pass-1\",\"roles\":[\"root\"]}", "roles",
                "{\"id\":\"ok5\",\"password\":\"Valid-Pass-1\",\"colour\":\"red\"}", "colour");
        bad.forEach((body, field) -> {
            Reply reply = api().post("/api/v1/admin/users", admin, body);
            assertEquals(body, 400, reply.status());
            assertEquals(body, field, reply.json().get("field").asText());
            assertFalse(reply.json().get("error").asText().isBlank());
        });
        Reply malformed = api().post("/api/v1/admin/users", admin, "{\"id\": \"x\", ");
        assertEquals(400, malformed.status());
        assertTrue(malformed.json().get("error").asText().startsWith("Malformed JSON"));
        assertEquals(before, api().get("/api/v1/admin/users", admin).json().size());

        assertEquals(201, api().post("/api/v1/admin/users", admin, "{\"id\":\"twin\",\"password\":\"Twin-Pass-1\"}").status());
        Reply duplicate = api().post("/api/v1/admin/users", admin, "{\"id\":\"twin\",\"password\":\"Twin-Pass-1\"}");
        assertEquals(409, duplicate.status());
        assertEquals(409, api().delete("/api/v1/admin/users/admin", admin).status());
    }

    @Test
    public void groupsHoldExistingUsersAndChatAdminsWhoAreMembers() throws Exception {
        String admin = adminToken();
        api().post("/api/v1/admin/users", admin, "{\"id\":\"rad1\",\"password\":\"Rad1-Pass-1\"}");
        api().post("/api/v1/admin/users", admin, "{\"id\":\"rad2\",\"password\":\"Rad2-Pass-1\"}");
        Reply created = api().post("/api/v1/admin/groups", admin,
                "{\"id\":\"neuro\",\"name\":\"Neuroradiology\",\"members\":[\"rad1\",\"rad2\"],\"chatAdmins\":[\"rad1\"]}");
        assertEquals(created.body(), 201, created.status());
        assertEquals(400, api().post("/api/v1/admin/groups", admin,
                "{\"id\":\"ghosts\",\"members\":[\"nobody\"]}").status());
        assertEquals(400, api().post("/api/v1/admin/groups", admin,
                "{\"id\":\"odd\",\"members\":[\"rad1\"],\"chatAdmins\":[\"rad2\"]}").status());
        assertEquals(409, api().post("/api/v1/admin/groups", admin, "{\"id\":\"neuro\"}").status());

        Reply edited = api().put("/api/v1/admin/groups/neuro", admin,
                "{\"name\":\"Neuro\",\"enabled\":false,\"members\":[\"rad2\"],\"chatAdmins\":[\"rad2\"]}");
        assertEquals(edited.body(), 200, edited.status());
        assertEquals("rad2", edited.json().get("chatAdmins").get(0).asText());
        Reply csv = api().get("/api/v1/admin/groups.csv", admin);
        assertTrue(csv.body(), csv.body().contains("neuro,Neuro,false,rad2,rad2"));

        assertEquals(204, api().delete("/api/v1/admin/users/rad2", admin).status());
        assertEquals(0, api().get("/api/v1/admin/groups/neuro", admin).json().get("members").size());
        assertEquals(204, api().delete("/api/v1/admin/groups/neuro", admin).status());
        assertEquals(404, api().get("/api/v1/admin/groups/neuro", admin).status());
    }

    @Test
    public void usersWithoutTheAdminRoleAreForbiddenAndDisabledUsersLoseTheirTokens() throws Exception {
        String admin = adminToken();
        api().post("/api/v1/admin/users", admin, "{\"id\":\"nurse\",\"password\":\"Nurse-Pass-1\"}");
        String nurse = api().login("nurse", "Nurse-Pass-1");
        assertEquals(403, api().get("/api/v1/admin/users", nurse).status());
        assertEquals(204, api().post("/api/v1/auth/password", nurse,
                Api.json("oldPassword", "Nurse-Pass-1", "newPassword", "Nurse-Pass-2")).status());
        assertEquals("still not an administrator", 403, api().get("/api/v1/admin/users", nurse).status());

        assertEquals(200, api().put("/api/v1/admin/users/nurse", admin,
                "{\"enabled\":false,\"roles\":[\"user\"]}").status());
        assertEquals("a disabled user's token stops working at once", 401,
                api().get("/api/v1/admin/users", nurse).status());
        assertEquals(401, api().post("/api/v1/auth/login", null,
                Api.json("username", "nurse", "password", "Nurse-Pass-2")).status());
    }

    @Test
    public void logoutEndsTheSession() throws Exception {
        adminToken();
        String token = api().login("admin", ADMIN_PASSWORD);
        assertEquals(200, api().get("/api/v1/admin/users", token).status());
        assertEquals(204, api().post("/api/v1/auth/logout", token, "").status());
        assertEquals(401, api().get("/api/v1/admin/users", token).status());
    }

    @Test
    public void repeatedFailedLoginsAreThrottled() throws Exception {
        String admin = adminToken();
        api().post("/api/v1/admin/users", admin, "{\"id\":\"target\",\"password\":\"Target-Pass-1\"}");
        for (int i = 0; i < 4; i++) {
            assertEquals(401, api().post("/api/v1/auth/login", null,
                    Api.json("username", "target", "password", "guess-" + i)).status());
        }
        Reply fifth = api().post("/api/v1/auth/login", null, Api.json("username", "target", "password", "guess-5"));
        assertEquals(401, fifth.status());
        Reply locked = api().post("/api/v1/auth/login", null, Api.json("username", "target", "password", "Target-Pass-1"));
        assertEquals("even the right password waits while locked", 429, locked.status());
        assertNotNull(locked.header("Retry-After"));
        assertEquals("other accounts are not locked", 200, api().post("/api/v1/auth/login", null,
                Api.json("username", "admin", "password", ADMIN_PASSWORD)).status());
    }

    @Test
    public void openApiDescribesTheEndpoints() {
        Reply document = api().get("/api/v1/openapi.json", null);
        assertEquals(200, document.status());
        JsonNode paths = document.json().get("paths");
        for (String path : List.of("/api/v1/health", "/api/v1/auth/login", "/api/v1/admin/users",
                "/api/v1/admin/users/{id}", "/api/v1/admin/groups/{id}", "/api/v1/admin/users.csv")) {
            assertTrue(path + " in " + paths.fieldNames(), paths.has(path));
        }
        assertTrue(paths.get("/api/v1/admin/users/{id}").has("delete"));
        JsonNode users = paths.get("/api/v1/admin/users").get("get");
        assertEquals("[\"admin\"]", users.get("x-rayport-roles").toString());
        assertEquals("filter", users.get("parameters").get(0).get("name").asText());
        assertEquals("query", users.get("parameters").get(0).get("in").asText());
        assertEquals("the login is open to anyone", 0,
                paths.get("/api/v1/auth/login").get("post").get("security").size());
        assertTrue(paths.get("/api/v1/client/me").get("get").get("x-rayport-device-required").asBoolean());
    }

    @Test
    public void theApiReferenceIsAlsoAReadablePage() {
        Reply page = api().get("/api/v1/docs", null);
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type"), page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body(), page.body().contains("<code>/api/v1/admin/users/{id}</code>"));
        assertTrue(page.body(), page.body().contains("<code>filter</code> query string"));
        assertTrue(page.body(), page.body().contains("user (device)"));
    }
}
