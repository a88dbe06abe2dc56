package org.rayport.webconsole.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;

import org.junit.Test;

public class StatusPluginTest {

    @Test
    public void uptimeLeavesOutLeadingZeroUnits() {
        assertEquals("3 d 4 h 5 min", StatusPlugin.formatUptime(Duration.ofDays(3).plusHours(4).plusMinutes(5).plusSeconds(59)));
        assertEquals("2 d 0 h 0 min", StatusPlugin.formatUptime(Duration.ofDays(2)));
        assertEquals("1 h 0 min", StatusPlugin.formatUptime(Duration.ofHours(1)));
        assertEquals("0 min", StatusPlugin.formatUptime(Duration.ofSeconds(30)));
        assertEquals("0 min", StatusPlugin.formatUptime(Duration.ofMinutes(-5)));
    }

    @Test
    public void gigabytesWithOneDecimal() {
        assertEquals("12.3 GB", StatusPlugin.formatGigabytes(12_345_678_901L));
        assertEquals("0.0 GB", StatusPlugin.formatGigabytes(0));
    }

    @Test
    public void jdbcUrlLosesPasswords() {
        assertEquals("jdbc:h2:file:/data/db/rayport;DB_CLOSE_ON_EXIT=FALSE",
                StatusPlugin.redactJdbcUrl("jdbc:h2:file:/data/db/rayport;DB_CLOSE_ON_EXIT=FALSE"));
        assertEquals("jdbc:postgresql://db:5432/rayport?user=rayport&password=***&ssl=true",
                StatusPlugin.redactJdbcUrl("jdbc:postgresql://db:5432/rayport?user=rayport&password=topsecret&ssl=true"));
        assertEquals("jdbc:h2:tcp://db/rayport;USER=sa;PASSWORD=***",
                StatusPlugin.redactJdbcUrl("jdbc:h2:tcp://db/rayport;USER=sa;PASSWORD=topsecret"));
        assertEquals("jdbc:mysql://rayport:***@db:3306/rayport",
                StatusPlugin.redactJdbcUrl("jdbc:mysql://rayport:topsecret@db:3306/rayport"));
        assertEquals("jdbc:oracle:thin:scott/***@db:1521:orcl",
                StatusPlugin.redactJdbcUrl("jdbc:oracle:thin:scott/tiger@db:1521:orcl"));
        assertEquals("jdbc:sqlserver://db;user=sa;pwd=***;databaseName=rayport",
                StatusPlugin.redactJdbcUrl("jdbc:sqlserver://db;user=sa;pwd=topsecret;databaseName=rayport"));
    }
}
