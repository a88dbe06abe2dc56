package org.rayport.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import org.junit.Test;

public class HtmlTest {

    @Test
    public void escapesMarkupAndBothQuotes() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", Html.escape("<script>alert(\"x\")</script>"));
        assertEquals("O&#39;Brien &amp; Co", Html.escape("O'Brien & Co"));
    }

    @Test
    public void escapesAmpersandOnlyOnce() {
        assertEquals("&amp;lt;", Html.escape("&lt;"));
    }

    @Test
    public void leavesPlainAndNonAsciiTextAlone() {
        String plain = "Zoë Müller-Łukasz 東京 alice@example.org";
        assertSame(plain, Html.escape(plain));
    }

    @Test
    public void nullBecomesEmpty() {
        assertEquals("", Html.escape(null));
        assertEquals("", Html.escape(""));
    }

    @Test
    public void attributeCannotBeClosed() {
        String attribute = "value=\"" + Html.escape("\" onmouseover=\"alert(1)") + "\"";
        assertEquals("value=\"&quot; onmouseover=&quot;alert(1)\"", attribute);
    }
}
