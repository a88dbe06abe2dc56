package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolType;

public class PoolPropertiesTest {

    @Test
    public void everyPoolTypeSurvivesTheTripThroughConfigurationProperties() {
        PoolOptions options = new PoolOptions(false, "/data/er", true, 2.5, 12, true, false, true);
        List<Pool> pools = List.of(
                new Pool("er", "Emergency", options, new PoolSettings.NetworkNode(11113, "ER_NODE",
                        List.of("CT1", "MR1@10.0.0.7")), Set.of("anna"), Set.of("radiology")),
                new Pool("pacs", "Main PACS", PoolOptions.DEFAULTS, new PoolSettings.QueryRetrieve("pacs.local", 104,
                        "PACS", "RAYPORT_QR", 11114), Set.of(), Set.of("everyone")),
                new Pool("scans", null, PoolOptions.DEFAULTS, new PoolSettings.Folder("/srv/scans"), Set.of(), Set.of()),
                new Pool("uploads", "Uploads", PoolOptions.DEFAULTS, new PoolSettings.UserStorage(), Set.of(), Set.of()));
        for (Pool pool : pools) {
            Map<String, Object> properties = new HashMap<>();
            var dictionary = PoolProperties.of(pool);
            for (String key : Collections.list(dictionary.keys())) {
                properties.put(key, dictionary.get(key));
            }
            assertEquals(pool, PoolProperties.toPool(pool.type(), properties));
        }
    }

    @Test
    public void valuesTypedIntoAConfigurationFileAsTextAreRead() {
        Map<String, Object> typed = Map.of("id", "ct", "port", "11112", "aeTitle", " CT_NODE ", "enabled", "false",
                "retentionDays", "0.5", "allowedCallers", "A, B@host", "users", "admin");
        Pool pool = PoolProperties.toPool(PoolType.NETWORK_NODE, typed);
        assertEquals(new PoolSettings.NetworkNode(11112, "CT_NODE", List.of("A", "B@host")), pool.settings());
        assertEquals(0.5, pool.options().retentionDays(), 0);
        assertEquals(false, pool.options().enabled());
        assertEquals(Set.of("admin"), pool.users());
    }

    @Test
    public void unusableValuesAreNamed() {
        assertRefused(Map.of("id", "ct", "port", "eleven", "aeTitle", "CT"), "port must be a number");
        assertRefused(Map.of("id", "ct", "port", "70000", "aeTitle", "CT"), "port must be 1 to 65535");
        assertRefused(Map.of("id", "ct", "port", "104", "aeTitle", "A_TITLE_TOO_LONG_X"), "aeTitle must be 1 to 16");
        assertRefused(Map.of("id", "Bad Id", "port", "104", "aeTitle", "CT"), "Pool id must be");
        assertRefused(Map.of("id", "ct", "port", "104", "aeTitle", "CT", "enabled", "yes"), "enabled must be true or false");
        assertRefused(Map.of("id", "ct", "port", "104", "aeTitle", "CT", "retentionDays", "-1"), "retentionDays");
    }

    private static void assertRefused(Map<String, Object> properties, String message) {
        try {
            PoolProperties.toPool(PoolType.NETWORK_NODE, properties);
            fail("accepted " + properties);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(message));
        }
    }
}
