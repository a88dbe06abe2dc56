package org.rayport.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.core.ServerInfo;
import org.rayport.licensing.LicenseService;
import org.rayport.licensing.LicenseStatus;
import org.rayport.people.PeopleService;

/** What an administrator checks first: which version runs, since when, where its data is and whether the database answers. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + StatusPlugin.LABEL,
        "felix.webconsole.title=" + StatusPlugin.TITLE,
        "felix.webconsole.category=" + RayportPlugin.CATEGORY})
public class StatusPlugin extends RayportPlugin {

    static final String LABEL = "rayport-status";
    static final String TITLE = "Rayport Status";

    /** {@code password=...} in URL parameters (PostgreSQL, MySQL) or H2/Derby/SQL Server style settings. */
    private static final Pattern PASSWORD_SETTING =
            Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=)[^;&]*");

    /** {@code //user:secret@host}, which MySQL and MariaDB URLs allow. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@;?]*:)[^/@;?]*@");

    /** {@code :thin:user/secret@host}, Oracle's way. */
    private static final Pattern ORACLE_CREDENTIALS = Pattern.compile("(?i)(:thin:[^/@:]*/)[^@]*@");

    private final ServerInfo server;
    private final PeopleService people;
    private final DataSource dataSource;
    private final LicenseService licenses;

    @Activate
    public StatusPlugin(@Reference ServerInfo server, @Reference PeopleService people,
                        @Reference(target = "(dataSourceName=rayport)") DataSource dataSource,
                        @Reference LicenseService licenses) {
        super(LABEL, TITLE);
        this.server = server;
        this.people = people;
        this.dataSource = dataSource;
        this.licenses = licenses;
    }

    @Override
    protected void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        startPage(out, req, null);
        LicenseStatus licence = licenses.status();
        if (licence.expiryWarning() != null) {
            out.println("<div id=\"rayport-warning\" class=\"rayport-box rayport-warning\" role=\"alert\">"
                    + Html.escape(licence.expiryWarning()) + " <a href=\"" + LicensePlugin.LABEL + "\">Licence</a></div>");
        }
        out.println("<table id=\"rayport-status\" class=\"nicetable\">");
        out.println("<tbody>");
        row(out, "version", "Version", server.version());
        row(out, "uptime", "Uptime", formatUptime(Duration.between(server.startedAt(), Instant.now())));
        row(out, "license", "Licence", licence.summary());
        row(out, "home", "Data directory", server.home().toString());
        row(out, "disk", "Free disk space", orProblem(() -> formatGigabytes(server.freeDiskBytes())));
        String database;
        String url;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            url = redactJdbcUrl(meta.getURL());
        } catch (SQLException e) {
            // Drivers like to quote the URL in their messages, password included.
            database = "unreachable: " + redactJdbcUrl(String.valueOf(e.getMessage()));
            url = "unknown";
        }
        row(out, "database", "Database", database);
        row(out, "jdbc-url", "JDBC URL", url);
        row(out, "users", "Users", orProblem(() -> Integer.toString(people.users(null).size())));
        row(out, "groups", "Groups", orProblem(() -> Integer.toString(people.groups(null).size())));
        out.println("</tbody></table>");
    }

    /**
     * This page is where an administrator looks when something is broken, so one failing value (a database that is
     * down, an unmounted disk) must not take the whole page with it.
     */
    private static String orProblem(Supplier<String> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            return "unavailable: " + redactJdbcUrl(String.valueOf(e.getMessage()));
        }
    }

    private static void row(PrintWriter out, String id, String label, String value) {
        out.println("<tr data-id=\"" + id + "\"><th>" + Html.escape(label) + "</th><td>" + Html.escape(value)
                + "</td></tr>");
    }

    /** For example "3 d 4 h 5 min"; leading zero units are left out, so a fresh start reads "0 min". */
    static String formatUptime(Duration uptime) {
        Duration d = uptime.isNegative() ? Duration.ZERO : uptime;
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h " + minutes + " min";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        return minutes + " min";
    }

    /** Decimal gigabytes, as disk vendors and most file managers count them. */
    static String formatGigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** The URL with every password replaced by {@code ***}; the page must never show one. */
    static String redactJdbcUrl(String url) {
        if (url == null) {
            return null;
        }
        String redacted = PASSWORD_SETTING.matcher(url).replaceAll("$1***");
        redacted = USER_INFO.matcher(redacted).replaceAll("$1***@");
        return ORACLE_CREDENTIALS.matcher(redacted).replaceAll("$1***@");
    }
}
