package org.rayport.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolType;

/** The pool form as a browser sends it: text fields, and checkboxes that are absent when unticked. */
public class PoolFormTest {

    private static Map<String, String> networkNode() {
        Map<String, String> sent = new HashMap<>();
        sent.put("type", "networknode");
        sent.put("id", "ct");
        sent.put("name", "CT scanners");
        sent.put("enabled", "true");
        sent.put("port", " 11113 ");
        sent.put("aeTitle", "CT SCP");
        sent.put("allowedCallers", "CT 1; MR1@10.1.2.3\r\nWS, ");
        sent.put("retentionDays", "1,5");
        sent.put("deviceRetentionHours", "");
        sent.put("allowJpeg", "true");
        sent.put("users", "alice; bob carol");
        sent.put("groups", "");
        return sent;
    }

    @Test
    public void aSentFormIsThePoolItDescribes() {
        Pool pool = PoolForm.sent(false, networkNode()::get).toPool();
        assertEquals(new Pool("ct", "CT scanners", new PoolOptions(true, "", false, 1.5, 0, false, true, false),
                new PoolSettings.NetworkNode(11113, "CT SCP", List.of("CT 1", "MR1@10.1.2.3", "WS")),
                Set.of("alice", "bob", "carol"), Set.of()), pool);
    }

    @Test
    public void aPoolShownInTheFormComesBackUnchanged() {
        List<Pool> pools = List.of(
                new Pool("ct", "CT", new PoolOptions(false, "/data/ct", true, 30, 12.5, true, false, true),
                        new PoolSettings.NetworkNode(104, "CT", List.of("A@h", "B")), Set.of("u"), Set.of("g")),
                new Pool("pacs", null, PoolOptions.DEFAULTS,
                        new PoolSettings.QueryRetrieve("pacs.example.org", 104, "PACS", "RP_QR", 11114), null, null),
                new Pool("inbox", null, PoolOptions.DEFAULTS, new PoolSettings.Folder("/srv/in"), null, null),
                new Pool("uploads", null, PoolOptions.DEFAULTS, new PoolSettings.UserStorage(), null, null));
        for (Pool pool : pools) {
            PoolForm shown = PoolForm.of(pool);
            Map<String, String> sent = new HashMap<>();
            sent.put("type", shown.type());
            sent.put("id", shown.id());
            sent.put("name", shown.name());
            putIf(sent, "enabled", shown.enabled());
            sent.put("storagePath", shown.storagePath());
            putIf(sent, "cachePool", shown.cachePool());
            sent.put("retentionDays", shown.retentionDays());
            sent.put("deviceRetentionHours", shown.deviceRetentionHours());
            putIf(sent, "autoDownload", shown.autoDownload());
            putIf(sent, "allowJpeg", shown.allowJpeg());
            putIf(sent, "pseudonymize", shown.pseudonymize());
            sent.put("users", shown.users());
            sent.put("groups", shown.groups());
            sent.put("port", shown.port());
            sent.put("aeTitle", shown.aeTitle());
            sent.put("allowedCallers", shown.allowedCallers());
            sent.put("pacsHost", shown.pacsHost());
            sent.put("pacsPort", shown.pacsPort());
            sent.put("pacsAeTitle", shown.pacsAeTitle());
            sent.put("localAeTitle", shown.localAeTitle());
            sent.put("retrievePort", shown.retrievePort());
            sent.put("directory", shown.directory());
            assertEquals(pool, PoolForm.sent(true, sent::get).toPool());
        }
    }

    private static void putIf(Map<String, String> sent, String checkbox, boolean ticked) {
        if (ticked) {
            sent.put(checkbox, "true");
        }
    }

    @Test
    public void unusableValuesAreRefusedWithTheFieldsLabel() {
        Map<String, String> refused = Map.of(
                "port", "Port must be a whole number",
                "aeTitle", "aeTitle must be 1 to 16",
                "allowedCallers", "Allowed callers: 'MR1@'",
                "retentionDays", "Delete on the server after (days) must be a number",
                "id", "Pool id must be",
                "type", "Unknown pool type");
        Map<String, String> badValue = Map.of("port", "eleven", "aeTitle", "A".repeat(17), "allowedCallers",
                "MR1@", "retentionDays", "soon", "id", "CT Pool", "type", "tape");
        refused.forEach((field, message) -> {
            Map<String, String> sent = networkNode();
            sent.put(field, badValue.get(field));
            PoolException e = assertThrows(field, PoolException.class, () -> PoolForm.sent(false, sent::get).toPool());
            assertEquals(PoolException.Reason.INVALID, e.reason());
            assertTrue(field + ": " + e.getMessage(), e.getMessage().startsWith(message));
        });
        Map<String, String> negative = networkNode();
        negative.put("deviceRetentionHours", "-1");
        assertTrue(assertThrows(PoolException.class, () -> PoolForm.sent(false, negative::get).toPool())
                .getMessage().startsWith("deviceRetentionHours must be 0"));
    }

    @Test
    public void aNewFormHasTheDefaults() {
        PoolForm blank = PoolForm.blank(PoolType.FOLDER);
        assertFalse(blank.editing());
        assertEquals("folder", blank.type());
        assertTrue(blank.enabled() && blank.allowJpeg());
        assertFalse(blank.pseudonymize() || blank.cachePool() || blank.autoDownload());
        assertEquals("0", blank.retentionDays());
    }
}
