package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/client/pools} in the booted distribution: a user granted one of two new pools sees exactly that
 * one, with the client settings the administrator set through {@code /api/v1/admin/pools} (and later changed), and
 * the pools below {@code /client/pools} still answer beside it; a token without a device is refused.
 */
public class ClientPoolSettingsIT extends RayportTestSupport {

    private static final String DEVICE = "X-Device-Id";
    private static final String POOLS = "/api/v1/client/pools";

    private static List<String> ids(JsonNode pools) {
        List<String> ids = new ArrayList<>();
        pools.forEach(pool -> ids.add(pool.get("id").asText()));
        return ids;
    }

    @Test
    public void aUserSeesExactlyHisPoolWithTheSettingsTheAdministratorGave() throws Exception {
        String admin = adminToken();
        api().newUser(admin, "pia");

        Api.Reply mine = api().post("/api/v1/admin/pools", admin, "{\"id\":\"pia-uploads\",\"name\":\"Pia's uploads\","
                + "\"type\":\"userstorage\",\"users\":[\"pia\"],\"autoDownload\":true,\"deviceRetentionHours\":36.5,"
                + "\"allowJpeg\":false}");
        assertEquals(mine.body(), 201, mine.status());
        Api.Reply others = api().post("/api/v1/admin/pools", admin, "{\"id\":\"others\",\"type\":\"userstorage\","
                + "\"users\":[\"admin\"],\"autoDownload\":true,\"deviceRetentionHours\":2}");
        assertEquals(others.body(), 201, others.status());

        String pia = api().deviceToken("pia", Api.passwordOf("pia"), "pia-phone");
        Api.Reply listed = api().get(POOLS, pia, DEVICE, "pia-phone");
        assertEquals(listed.body(), 200, listed.status());
        JsonNode pools = listed.json();
        assertEquals(listed.body(), List.of("pia-uploads"), ids(pools));
        JsonNode pool = pools.get(0);
        assertEquals("Pia's uploads", pool.get("name").asText());
        assertEquals("userstorage", pool.get("type").asText());
        assertTrue(pool.get("autoDownload").asBoolean());
        assertEquals(36.5, pool.get("deviceRetentionHours").asDouble(), 0);
        assertEquals(false, pool.get("allowJpeg").asBoolean());
        assertTrue("her only user-storage pool takes her uploads", pool.get("uploadPool").asBoolean());

        Api.Reply changed = api().put("/api/v1/admin/pools/pia-uploads", admin,
                "{\"autoDownload\":false,\"deviceRetentionHours\":0,\"allowJpeg\":true}");
        assertEquals(changed.body(), 200, changed.status());
        JsonNode after = api().get(POOLS, pia, DEVICE, "pia-phone").json().get(0);
        assertEquals(false, after.get("autoDownload").asBoolean());
        assertTrue("0 hours: the device keeps the data (null)", after.get("deviceRetentionHours").isNull());
        assertTrue(after.get("allowJpeg").asBoolean());

        // The administrator sees the pools granted to him, "others" among them, and not Pia's.
        String adminDevice = api().deviceToken("admin", ADMIN_PASSWORD, "admin-tablet");
        Api.Reply adminList = api().get(POOLS, adminDevice, DEVICE, "admin-tablet");
        assertEquals(adminList.body(), 200, adminList.status());
        List<String> adminPools = ids(adminList.json());
        assertTrue(adminList.body(), adminPools.contains("others"));
        assertTrue(adminList.body(), !adminPools.contains("pia-uploads"));

        // The pool paths below /client/pools (another resource with the same root path) still answer.
        Api.Reply hidden = api().get(POOLS + "/others/studies/1.2.3", pia, DEVICE, "pia-phone");
        assertEquals(hidden.body(), 404, hidden.status());
        assertTrue(hidden.body(), hidden.json().get("error").asText().startsWith("No study"));

        Api.Reply withoutDevice = api().get(POOLS, admin);
        assertEquals(withoutDevice.body(), 403, withoutDevice.status());
        assertTrue(withoutDevice.body(), withoutDevice.json().get("error").asText().contains("device"));
        assertEquals(401, api().get(POOLS, null).status());
    }
}
