package org.rayport.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.PoolType;

/**
 * The pools of the server: list with status and last error, a form per pool type to add or edit one with all its
 * options, delete after confirmation. The page is in the menu while the pool service runs.
 * <p>
 * Names for tests: table {@code #rayport-pools} with one {@code tr[data-id]} per pool and the cells
 * {@code td.rayport-state} and {@code td.rayport-last-error}; the links {@code a.rayport-add[data-type]} open the
 * form for a new pool of that type ({@code ?add=<type>}); the form {@code #rayport-pool-form} with the fields named
 * like {@link PoolForm}'s components; the warning {@code #rayport-pseudonymize-warning}.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + PoolsPlugin.LABEL,
        "felix.webconsole.title=" + PoolsPlugin.TITLE,
        "felix.webconsole.category=" + RayportPlugin.CATEGORY})
public class PoolsPlugin extends RayportPlugin {

    static final String LABEL = "rayport-pools";
    static final String TITLE = "Pools";

    static final String PSEUDONYMIZATION_WARNING = "Pseudonymization replaces the identifying attributes of each"
            + " dataset, but text burned into the pixel data (names on ultrasound or scanned images, screenshots) is"
            + " NOT removed. Check such images before they leave the hospital.";

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ISO_INSTANT;

    private final PoolService pools;
    private final PeopleService people;

    @Activate
    public PoolsPlugin(@Reference PoolService pools, @Reference PeopleService people) {
        super(LABEL, TITLE);
        this.pools = pools;
        this.people = people;
    }

    @Override
    protected boolean isRefusal(RuntimeException e) {
        return e instanceof PoolException || super.isRefusal(e);
    }

    @Override
    protected int refusalStatus(RuntimeException e) {
        if (e instanceof PoolException refused) {
            return switch (refused.reason()) {
                case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
                case CONFLICT -> HttpServletResponse.SC_CONFLICT;
                case INVALID -> HttpServletResponse.SC_BAD_REQUEST;
            };
        }
        return super.refusalStatus(e);
    }

    @Override
    protected String handlePost(String action, HttpServletRequest req) {
        String id = strip(req.getParameter("id"));
        return switch (action) {
            case "add" -> {
                Pool pool = PoolForm.sent(false, req::getParameter).toPool();
                checkGrants(pool, null);
                yield withWarning("Added pool '" + pools.add(pool).id() + "'", pool);
            }
            case "edit" -> {
                Pool current = pools.pool(id).orElseThrow(() -> unknown(id));
                PoolForm sent = PoolForm.sent(true, req::getParameter);
                if (sent.poolType() != current.type()) {
                    throw new PoolException(PoolException.Reason.INVALID, "Pool " + id + " is a "
                            + current.type().key() + " pool; its type cannot change");
                }
                Pool pool = sent.toPool();
                checkGrants(pool, current);
                yield withWarning("Saved pool '" + pools.edit(pool).id() + "'", pool);
            }
            case "delete" -> {
                pools.remove(id);
                yield "Deleted pool '" + id + "'";
            }
            default -> super.handlePost(action, req);
        };
    }

    private static String withWarning(String message, Pool pool) {
        return pool.options().pseudonymize() ? message + ". " + PSEUDONYMIZATION_WARNING : message;
    }

    /** A grant to a user or group that does not exist is a typing error; grants made before are not checked again. */
    private void checkGrants(Pool pool, Pool current) {
        for (String user : new TreeSet<>(pool.users())) {
            if ((current == null || !current.users().contains(user)) && people.user(user).isEmpty()) {
                throw new PoolException(PoolException.Reason.INVALID, "Users: there is no user '" + user + "'");
            }
        }
        for (String group : new TreeSet<>(pool.groups())) {
            if ((current == null || !current.groups().contains(group)) && people.group(group).isEmpty()) {
                throw new PoolException(PoolException.Reason.INVALID, "Groups: there is no group '" + group + "'");
            }
        }
    }

    private static PoolException unknown(String id) {
        return new PoolException(PoolException.Reason.NOT_FOUND, "No pool with id '" + id + "'");
    }

    @Override
    protected void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        String editId = req.getParameter("edit");
        Optional<Pool> editing = editId == null || isRetry(req) ? Optional.empty() : pools.pool(editId);
        String problem = editId != null && !isRetry(req) && editing.isEmpty() ? unknown(editId).getMessage() : null;
        PoolType addType = PoolType.NETWORK_NODE;
        String add = req.getParameter("add");
        if (add != null) {
            try {
                addType = PoolType.ofKey(add);
            } catch (IllegalArgumentException unknownType) {
                problem = unknownType.getMessage();
            }
        }
        startPage(out, req, problem);

        List<Pool> all = pools.pools();
        Map<String, PoolStatus> statuses = pools.statuses().stream()
                .collect(Collectors.toMap(PoolStatus::poolId, Function.identity(), (a, b) -> a));
        String root = Html.escape(pluginRoot(req));
        out.println("<div class=\"rayport-toolbar\">" + all.size() + (all.size() == 1 ? " pool" : " pools")
                + " | Add a pool: " + PoolForm.types().stream()
                .map(type -> "<a class=\"rayport-add\" data-type=\"" + type.key() + "\" href=\"" + root + "?add="
                        + type.key() + "\">" + Html.escape(PoolForm.label(type)) + "</a>")
                .collect(Collectors.joining(" · ")) + "</div>");
        out.println("<table id=\"rayport-pools\" class=\"tablesorter nicetable\">");
        out.println("<thead><tr><th>ID</th><th>Name</th><th>Type</th><th>Enabled</th><th>Listener / source</th>"
                + "<th>Users</th><th>Groups</th><th>Status</th><th>Since</th><th>Last error</th><th></th></tr></thead>");
        out.println("<tbody>");
        for (Pool pool : all) {
            PoolStatus status = statuses.get(pool.id());
            out.println("<tr data-id=\"" + Html.escape(pool.id()) + "\">"
                    + "<td>" + Html.escape(pool.id()) + "</td>"
                    + "<td>" + Html.escape(pool.name()) + "</td>"
                    + "<td>" + Html.escape(PoolForm.label(pool.type())) + "</td>"
                    + "<td>" + yesNo(pool.options().enabled()) + "</td>"
                    + "<td>" + Html.escape(source(pool)) + "</td>"
                    + "<td>" + Html.escape(String.join("; ", new TreeSet<>(pool.users()))) + "</td>"
                    + "<td>" + Html.escape(String.join("; ", new TreeSet<>(pool.groups()))) + "</td>"
                    + "<td class=\"rayport-state\">" + (status == null ? "" : status.state().name()) + "</td>"
                    + "<td>" + (status == null ? "" : SINCE.format(status.since().truncatedTo(ChronoUnit.SECONDS)))
                    + "</td>"
                    + "<td class=\"rayport-last-error\">" + (status == null ? "" : Html.escape(status.lastError()))
                    + "</td>"
                    + "<td>" + rowActions(req, pool.id(), "Delete pool '" + pool.id() + "'? It stops at once.")
                    + "</td></tr>");
        }
        out.println("</tbody></table>");

        renderForm(out, req, formValues(req, editing, addType));
    }

    /** Where a pool's data comes from: its listener {@code AE@port}, PACS, or folder. */
    static String source(Pool pool) {
        PoolSettings s = pool.settings();
        if (s instanceof PoolSettings.NetworkNode node) {
            return node.aeTitle() + "@" + node.port();
        }
        if (s instanceof PoolSettings.QueryRetrieve qr) {
            return qr.pacsAeTitle() + "@" + qr.pacsHost() + ":" + qr.pacsPort() + " (receives as "
                    + qr.localAeTitle() + "@" + qr.retrievePort() + ")";
        }
        if (s instanceof PoolSettings.Folder folder) {
            return folder.directory();
        }
        return "uploads";
    }

    /** What the form shows: what was just sent if it was refused, the pool chosen to edit, or a new one. */
    private static PoolForm formValues(HttpServletRequest req, Optional<Pool> editing, PoolType addType) {
        String action = req.getParameter("action");
        if (isRetry(req) && ("add".equals(action) || "edit".equals(action))) {
            PoolForm sent = PoolForm.sent("edit".equals(action), req::getParameter);
            try {
                sent.poolType();
                return sent;
            } catch (PoolException unknownType) {
                return PoolForm.blank(addType);
            }
        }
        return editing.map(PoolForm::of).orElseGet(() -> PoolForm.blank(addType));
    }

    private void renderForm(PrintWriter out, HttpServletRequest req, PoolForm form) {
        PoolType type = form.poolType();
        startForm(out, req, "rayport-pool-form", form.editing() ? "Edit pool '" + form.id() + "'"
                : "Add " + PoolForm.label(type) + " pool", form.editing());
        out.println("<input type=\"hidden\" name=\"type\" value=\"" + type.key() + "\">");
        // The id names the pool's configuration and its data; the service refuses to change it.
        fieldRow(out, "ID", "rayport-id", input("text", "id", form.id(),
                form.editing() ? "readonly" : "placeholder=\"lower-case letters, digits, - and _\""));
        fieldRow(out, "Name", "rayport-name", input("text", "name", form.name(), ""));
        fieldRow(out, "Enabled", null, checkbox("enabled", "true", form.enabled(), "yes"));
        switch (type) {
            case NETWORK_NODE -> {
                fieldRow(out, "Port", "rayport-port", input("number", "port", form.port(), "min=\"1\" max=\"65535\""));
                fieldRow(out, "AE title", "rayport-aeTitle", input("text", "aeTitle", form.aeTitle(),
                        "maxlength=\"16\" placeholder=\"RAYPORT\""));
                fieldRow(out, "Allowed callers", "rayport-allowedCallers", input("text", "allowedCallers",
                        form.allowedCallers(), "placeholder=\"CT1; MR1@10.1.2.3 (empty lets every caller in)\""));
            }
            case QUERY_RETRIEVE -> {
                fieldRow(out, "PACS host", "rayport-pacsHost", input("text", "pacsHost", form.pacsHost(), ""));
                fieldRow(out, "PACS port", "rayport-pacsPort", input("number", "pacsPort", form.pacsPort(),
                        "min=\"1\" max=\"65535\""));
                fieldRow(out, "PACS AE title", "rayport-pacsAeTitle", input("text", "pacsAeTitle",
                        form.pacsAeTitle(), "maxlength=\"16\""));
                fieldRow(out, "Local AE title", "rayport-localAeTitle", input("text", "localAeTitle",
                        form.localAeTitle(), "maxlength=\"16\" placeholder=\"known to the PACS as a move destination\""));
                fieldRow(out, "Retrieve port", "rayport-retrievePort", input("number", "retrievePort",
                        form.retrievePort(), "min=\"1\" max=\"65535\""));
            }
            case FOLDER -> fieldRow(out, "Directory", "rayport-directory", input("text", "directory",
                    form.directory(), "placeholder=\"/srv/rayport/import\""));
            case USER_STORAGE -> {
                // Uploads need no settings of their own.
            }
        }
        fieldRow(out, "Alternative storage path", "rayport-storagePath", input("text", "storagePath",
                form.storagePath(), "placeholder=\"empty: the global working path\""));
        fieldRow(out, "Cache pool", null, checkbox("cachePool", "true", form.cachePool(),
                "index for search only, not into users' inboxes"));
        fieldRow(out, "Delete on the server after (days)", "rayport-retentionDays", input("text", "retentionDays",
                form.retentionDays(), "placeholder=\"0 keeps datasets\""));
        fieldRow(out, "Delete on devices after (hours)", "rayport-deviceRetentionHours", input("text",
                "deviceRetentionHours", form.deviceRetentionHours(), "placeholder=\"0 keeps them\""));
        fieldRow(out, "Auto-download to clients", null, checkbox("autoDownload", "true", form.autoDownload(), "yes"));
        fieldRow(out, "Allow JPEG compression", null, checkbox("allowJpeg", "true", form.allowJpeg(), "yes"));
        fieldRow(out, "Pseudonymize datasets", null, checkbox("pseudonymize", "true", form.pseudonymize(), "yes")
                + "<div id=\"rayport-pseudonymize-warning\" class=\"rayport-box rayport-warning\">"
                + Html.escape(PSEUDONYMIZATION_WARNING) + "</div>");
        fieldRow(out, "Users", "rayport-users", input("text", "users", form.users(),
                "placeholder=\"user IDs: alice; bob\""));
        fieldRow(out, "Groups", "rayport-groups", input("text", "groups", form.groups(),
                "placeholder=\"group IDs: ct-team\""));
        endForm(out, req, form.editing());
    }
}
