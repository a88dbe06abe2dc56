package org.rayport.dicomweb.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;

import org.junit.Test;

public class RenderedParametersTest {

    private static MultivaluedMap<String, String> query(String... pairs) {
        MultivaluedMap<String, String> map = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.add(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static void assertRefused(String field, String... pairs) {
        try {
            RenderedParameters.parse(query(pairs));
            fail("accepted " + String.join(" ", pairs));
        } catch (DicomWebException refused) {
            assertEquals(400, refused.getResponse().getStatus());
            String body = new String((byte[]) refused.getResponse().getEntity(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(body, body.contains("\"field\":\"" + field + "\""));
        }
    }

    @Test
    public void windowViewportAndQualityAreRead() {
        RenderedParameters p = RenderedParameters.parse(query("window", "40,400,linear", "viewport", "64,32",
                "quality", "80"));
        assertEquals(40, p.windowCenter(), 0);
        assertEquals(400, p.windowWidth(), 0);
        assertEquals(64, p.viewportWidth());
        assertEquals(32, p.viewportHeight());
        assertEquals(80, p.quality());
        assertEquals(-50.5, RenderedParameters.parse(query("window", "-50.5, 10")).windowCenter(), 0);
        assertTrue(Double.isNaN(RenderedParameters.parse(query()).windowCenter()));
    }

    @Test
    public void badValuesAreRefusedNamingTheParameter() {
        assertRefused("window", "window", "40");
        assertRefused("window", "window", "a,400");
        assertRefused("window", "window", "40,0");
        assertRefused("window", "window", "40,400,sigmoid");
        assertRefused("window", "window", "40,400,linear,x");
        assertRefused("viewport", "viewport", "64");
        assertRefused("viewport", "viewport", "0,64");
        assertRefused("viewport", "viewport", "64,64,0,0,10,10");
        assertRefused("quality", "quality", "0");
        assertRefused("quality", "quality", "101");
        assertRefused("quality", "quality", "high");
        assertRefused("windwo", "windwo", "40,400");
        assertRefused("annotation", "annotation", "patient");
    }

    @Test
    public void theViewportFitsTheImageWithoutEnlargingIt() {
        RenderedParameters none = RenderedParameters.parse(query());
        assertEquals(512, none.longestEdge(512, 256, 4096));
        assertEquals(128, none.longestEdge(512, 256, 128));
        RenderedParameters viewport = RenderedParameters.parse(query("viewport", "100,100"));
        assertEquals(100, viewport.longestEdge(512, 256, 4096));
        assertEquals(100, viewport.longestEdge(256, 512, 4096));
        // wide viewport, tall image: the height limits; 40 x 30 -> longest edge 40 * (20 / 30) = 26.67 -> 26
        assertEquals(26, RenderedParameters.parse(query("viewport", "1000,20")).longestEdge(40, 30, 4096));
        assertEquals(40, RenderedParameters.parse(query("viewport", "1000,1000")).longestEdge(40, 30, 4096));
    }
}
