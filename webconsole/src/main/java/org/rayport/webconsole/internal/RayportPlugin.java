package org.rayport.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.AbstractWebConsolePlugin;
import org.apache.felix.webconsole.WebConsoleConstants;
import org.rayport.people.ConflictException;
import org.rayport.people.InvalidInputException;
import org.rayport.people.PeopleException;
import org.rayport.people.UnknownPersonException;

/**
 * What the Rayport pages of the Karaf web console ({@code /system/console}) have in common.
 *
 * <h2>Pages</h2>
 * Each page is a Declarative Services component that registers itself as a {@code javax.servlet.Servlet} service with
 * the {@code felix.webconsole.label}, {@code .title} and {@code .category} properties; the web console picks such
 * services up and lists them in its menu under the category "Rayport":
 * <ul>
 * <li>{@link StatusPlugin} {@code /system/console/rayport-status}: version, uptime, data directory, free disk space,
 * database and the number of users and groups.</li>
 * <li>{@link UsersPlugin} {@code /system/console/rayport-users}: list with filter, CSV export, add, edit, delete.</li>
 * <li>{@link GroupsPlugin} {@code /system/console/rayport-groups}: the same for groups, their members and chat
 * administrators.</li>
 * <li>{@link DevicesPlugin} {@code /system/console/rayport-devices}: the devices of all users or of one, with
 * approve, block and delete, the approval policy and the licence count.</li>
 * <li>{@link LicensePlugin} {@code /system/console/rayport-license}: the licence, the registration key, and installing
 * or removing a licence file.</li>
 * <li>{@link PoolsPlugin} {@code /system/console/rayport-pools}: the pools with their status, add and edit per pool
 * type, delete.</li>
 * </ul>
 * The pages get their services through constructor injection, all mandatory: a page is only in the menu while the
 * services it needs are there. Because a page extends {@link AbstractWebConsolePlugin}, the Service Component Runtime
 * also calls its inherited {@code activate(BundleContext)} and {@code deactivate()} (the default names of lifecycle
 * methods); they only hand the plugin its bundle context, which is what the console expects anyway.
 *
 * <h2>Requests</h2>
 * <ul>
 * <li>GET renders the page inside the console's layout: {@link #renderContent} writes only the content part. A page
 * that names a {@link #csvFileName() CSV file} answers {@code ?format=csv} with a download instead.</li>
 * <li>POST carries {@code action=add|edit|delete} and the form fields. It must pass the CSRF checks below, then the
 * page's {@link #handlePost} runs. On success the browser is sent back to the page with 303 See Other and
 * {@code ?message=...} (post/redirect/get, so that a reload does not repeat the change); the message appears in a
 * green box. When the people service refuses the change, its message (written for people) appears in a red box and
 * the form shows the values just sent, except the password, which is never written back into a page.</li>
 * </ul>
 *
 * <h2>Security</h2>
 * The console itself admits only logged-in administrators (Karaf JAAS realm, HTTP Basic). Because browsers resend
 * Basic credentials to any page that asks, every POST is also checked against cross-site request forgery:
 * <ol>
 * <li>its {@code Origin} header, or the {@code Referer} if there is no origin, must name the scheme, host and port of
 * the request itself; otherwise 403. Behind a reverse proxy that changes scheme or host, Jetty must be told about the
 * proxy (forwarded headers), or every change is refused;</li>
 * <li>its hidden {@code csrf} field must hold an HMAC-SHA256 of the logged-in user's name under a random key that
 * each page makes when it is activated; otherwise 403. Restarting the bundle changes the key, so a form opened before
 * needs a reload.</li>
 * </ol>
 * Every value written into HTML goes through {@link Html#escape}, including the message of the redirect, which anyone
 * can put into a link.
 *
 * <h2>Names for browser tests</h2>
 * Message boxes {@code #rayport-error} and {@code #rayport-message}; tables {@code #rayport-status},
 * {@code #rayport-users}, {@code #rayport-groups} with one {@code tr[data-id]} per entry; forms
 * {@code #rayport-user-form} and {@code #rayport-group-form} (the same form adds, or edits after {@code ?edit=<id>})
 * with the submit button {@code #rayport-save}; in each row the link {@code a.rayport-edit} and the button
 * {@code button.rayport-delete}, which asks for confirmation first; the filter form {@code #rayport-filter-form} with
 * the field {@code filter}; the CSV link {@code #rayport-csv}. Form fields are named like the properties of
 * {@code User} and {@code Group}: {@code id}, {@code name}, {@code password}, {@code mail} (addresses separated by
 * semicolons), {@code roles} (checkboxes {@code admin} and {@code user}), {@code enabled}, {@code members} and
 * {@code chatAdmins} (user IDs separated by semicolons or commas).
 */
abstract class RayportPlugin extends AbstractWebConsolePlugin {

    static final String CATEGORY = "Rayport";

    static final String CSRF_FIELD = "csrf";

    /** Request attribute that tells the page it is being rendered again after a refused POST. */
    private static final String ERROR_ATTRIBUTE = RayportPlugin.class.getName() + ".error";

    private static final String STYLE = """
            <style>
            .rayport-box { padding: .6em 1em; margin: .5em 0 1em; border: 1px solid; border-radius: 4px; font-weight: bold; }
            #rayport-error { color: #900; background: #fdd; border-color: #c00; }
            #rayport-message { color: #060; background: #dfd; border-color: #080; }
            .rayport-warning { color: #640; background: #ffd; border-color: #a80; }
            .rayport-toolbar { margin: .5em 0; }
            .rayport-inline { display: inline; margin: 0 0 0 .5em; }
            .rayport-fields th { text-align: left; font-weight: normal; padding-right: 1em; }
            .rayport-fields input[type=text], .rayport-fields input[type=password] { width: 30em; }
            </style>""";

    private final Csrf csrf = new Csrf();
    private final String label;
    private final String title;

    /** @param label the page's address below /system/console/, @param title its name in the menu */
    RayportPlugin(String label, String title) {
        this.label = label;
        this.title = title;
    }

    @Override
    public final String getLabel() {
        return label;
    }

    @Override
    public final String getTitle() {
        return title;
    }

    @Override
    public String getCategory() {
        return CATEGORY;
    }

    /** The name of the download for {@code ?format=csv}; null for a page without one. */
    protected String csvFileName() {
        return null;
    }

    /** Only called when {@link #csvFileName()} is not null. */
    protected void writeCsv(Appendable out) throws IOException {
        throw new UnsupportedOperationException();
    }

    /**
     * Carries out one POST action and returns the message for the green box. Pages with forms override this and
     * leave actions they do not know to this implementation.
     *
     * @throws RuntimeException a {@link #isRefusal refusal} when the change is refused; nothing was changed then
     */
    protected String handlePost(String action, HttpServletRequest req) {
        throw new InvalidInputException("action", "unknown action '" + action + "'");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        String csvFileName = csvFileName();
        if (csvFileName != null && "csv".equals(req.getParameter("format"))) {
            res.setContentType("text/csv");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Content-Disposition", "attachment; filename=\"" + csvFileName + "\"");
            // The export lists people and their addresses; no cache on the way should keep a copy.
            res.setHeader("Cache-Control", "no-store");
            writeCsv(res.getWriter());
            return;
        }
        super.doGet(req, res);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        // Browsers send form data in the page's encoding without saying so; the pages are UTF-8.
        if (req.getCharacterEncoding() == null) {
            req.setCharacterEncoding("UTF-8");
        }
        if (!Csrf.sameOrigin(req.getHeader("Origin"), req.getHeader("Referer"),
                req.getScheme(), req.getServerName(), req.getServerPort())) {
            forbid(res, "Refused: the form was not sent from a page of this server (Origin or Referer does not match).");
            return;
        }
        if (!csrf.validToken(req.getRemoteUser(), req.getParameter(CSRF_FIELD))) {
            forbid(res, "Refused: the form is out of date or was not made by this console. Reload the page and try again.");
            return;
        }
        String action = req.getParameter("action");
        String message;
        try {
            message = handlePost(action == null ? "" : action, req);
        } catch (RuntimeException e) {
            if (!isRefusal(e)) {
                throw e;
            }
            req.setAttribute(ERROR_ATTRIBUTE, e.getMessage());
            res.setStatus(refusalStatus(e));
            // super: a refused POST must show the page even if it came with format=csv.
            super.doGet(req, res);
            return;
        }
        res.setStatus(HttpServletResponse.SC_SEE_OTHER);
        res.setHeader("Location", pluginRoot(req) + "?message=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }

    /**
     * Whether an exception from {@link #handlePost} is an expected refusal, whose message (written for people) the
     * page shows in its red box, rather than a fault for the console's error handling.
     */
    protected boolean isRefusal(RuntimeException e) {
        return e instanceof PeopleException;
    }

    /** The HTTP status of the page that shows a refusal: 404 unknown, 409 conflict, 400 otherwise. */
    protected int refusalStatus(RuntimeException e) {
        if (e instanceof UnknownPersonException) {
            return HttpServletResponse.SC_NOT_FOUND;
        }
        if (e instanceof ConflictException) {
            return HttpServletResponse.SC_CONFLICT;
        }
        return HttpServletResponse.SC_BAD_REQUEST;
    }

    private static void forbid(HttpServletResponse res, String message) throws IOException {
        res.setStatus(HttpServletResponse.SC_FORBIDDEN);
        res.setContentType("text/plain");
        res.setCharacterEncoding("UTF-8");
        res.getWriter().println(message);
    }

    /** True while the page is rendered again because its POST was refused: forms show the values sent. */
    static boolean isRetry(HttpServletRequest req) {
        return req.getAttribute(ERROR_ATTRIBUTE) != null;
    }

    /** Where this page lives, e.g. {@code /system/console/rayport-users}; forms and links go there. */
    static String pluginRoot(HttpServletRequest req) {
        Object root = req.getAttribute(WebConsoleConstants.ATTR_PLUGIN_ROOT);
        return root instanceof String path ? path : req.getRequestURI();
    }

    /**
     * Starts the content: the style and the message boxes. {@code problem} is an error the page found itself while
     * rendering, such as an unknown ID to edit; a refused POST takes precedence.
     */
    static void startPage(PrintWriter out, HttpServletRequest req, String problem) {
        out.println(STYLE);
        Object refused = req.getAttribute(ERROR_ATTRIBUTE);
        String error = refused != null ? refused.toString() : problem;
        if (error != null) {
            out.println("<div id=\"rayport-error\" class=\"rayport-box\" role=\"alert\">" + Html.escape(error) + "</div>");
        }
        String message = req.getParameter("message");
        if (message != null && !message.isBlank()) {
            out.println("<div id=\"rayport-message\" class=\"rayport-box\" role=\"status\">" + Html.escape(message)
                    + "</div>");
        }
    }

    /** The hidden field every POST form needs; see the class comment. */
    final String csrfField(HttpServletRequest req) {
        return "<input type=\"hidden\" name=\"" + CSRF_FIELD + "\" value=\"" + csrf.token(req.getRemoteUser()) + "\">";
    }

    /** The line above a list: the filter form, the CSV link and a summary such as "3 users". */
    static void toolbar(PrintWriter out, HttpServletRequest req, String summary) {
        String root = Html.escape(pluginRoot(req));
        out.println("<div class=\"rayport-toolbar\">");
        out.println("<form id=\"rayport-filter-form\" method=\"get\" action=\"" + root + "\" class=\"rayport-inline\""
                + " style=\"margin-left:0\">");
        out.println("<input type=\"search\" id=\"rayport-filter\" name=\"filter\" placeholder=\"ID, name or mail\""
                + " value=\"" + Html.escape(req.getParameter("filter")) + "\">");
        out.println("<button type=\"submit\">Filter</button> <a href=\"" + root + "\">Show all</a>");
        out.println("</form>");
        out.println(" | <a id=\"rayport-csv\" href=\"" + root + "?format=csv\">Export CSV</a>");
        out.println(" | " + Html.escape(summary));
        out.println("</div>");
    }

    /** The Edit link and the Delete button of one table row. */
    final String rowActions(HttpServletRequest req, String id, String deleteQuestion) {
        String root = Html.escape(pluginRoot(req));
        String edit = root + "?edit=" + Html.escape(URLEncoder.encode(id, StandardCharsets.UTF_8));
        // The question goes through an attribute, not into the script, so that no ID needs JavaScript escaping.
        return "<a class=\"rayport-edit\" href=\"" + edit + "\">Edit</a>"
                + "<form method=\"post\" action=\"" + root + "\" class=\"rayport-inline\" accept-charset=\"UTF-8\""
                + " data-confirm=\"" + Html.escape(deleteQuestion) + "\" onsubmit=\"return confirm(this.dataset.confirm)\">"
                + "<input type=\"hidden\" name=\"action\" value=\"delete\">"
                + "<input type=\"hidden\" name=\"id\" value=\"" + Html.escape(id) + "\">"
                + csrfField(req)
                + "<button type=\"submit\" class=\"rayport-delete\">Delete</button></form>";
    }

    /**
     * A button that POSTs one action for one entry, e.g. approving a device; {@code confirmQuestion} null sends at
     * once. {@code fields} are hidden name/value pairs.
     */
    final String actionButton(HttpServletRequest req, String action, String label, String cssClass,
                              String confirmQuestion, String... fields) {
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"" + Html.escape(pluginRoot(req))
                + "\" class=\"rayport-inline\" accept-charset=\"UTF-8\"");
        if (confirmQuestion != null) {
            form.append(" data-confirm=\"").append(Html.escape(confirmQuestion))
                    .append("\" onsubmit=\"return confirm(this.dataset.confirm)\"");
        }
        form.append("><input type=\"hidden\" name=\"action\" value=\"").append(Html.escape(action)).append("\">");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.append("<input type=\"hidden\" name=\"").append(Html.escape(fields[i])).append("\" value=\"")
                    .append(Html.escape(fields[i + 1])).append("\">");
        }
        form.append(csrfField(req)).append("<button type=\"submit\" class=\"").append(Html.escape(cssClass))
                .append("\">").append(Html.escape(label)).append("</button></form>");
        return form.toString();
    }

    /** Opens the add/edit form; the caller writes the rows with {@link #fieldRow} and closes with {@link #endForm}. */
    final void startForm(PrintWriter out, HttpServletRequest req, String formId, String heading, boolean editing) {
        out.println("<h3>" + Html.escape(heading) + "</h3>");
        out.println("<form id=\"" + formId + "\" method=\"post\" action=\"" + Html.escape(pluginRoot(req)) + "\""
                + " accept-charset=\"UTF-8\" autocomplete=\"off\">");
        out.println("<input type=\"hidden\" name=\"action\" value=\"" + (editing ? "edit" : "add") + "\">");
        out.println(csrfField(req));
        out.println("<table class=\"rayport-fields\">");
    }

    static void endForm(PrintWriter out, HttpServletRequest req, boolean editing) {
        out.println("</table>");
        out.print("<button type=\"submit\" id=\"rayport-save\">" + (editing ? "Save" : "Add") + "</button>");
        if (editing) {
            out.print(" <a id=\"rayport-cancel\" href=\"" + Html.escape(pluginRoot(req)) + "\">Cancel</a>");
        }
        out.println();
        out.println("</form>");
    }

    /** One labelled row of a form; {@code control} is HTML the caller has escaped. */
    static void fieldRow(PrintWriter out, String label, String forId, String control) {
        String labelHtml = forId == null ? Html.escape(label)
                : "<label for=\"" + forId + "\">" + Html.escape(label) + "</label>";
        out.println("<tr><th>" + labelHtml + "</th><td>" + control + "</td></tr>");
    }

    /** A text-like input with {@code id="rayport-<name>"}, so that its label can point at it. */
    static String input(String type, String name, String value, String extraAttributes) {
        return "<input type=\"" + type + "\" id=\"rayport-" + name + "\" name=\"" + name + "\" value=\""
                + Html.escape(value) + "\"" + (extraAttributes.isEmpty() ? "" : " " + extraAttributes) + ">";
    }

    static String checkbox(String name, String value, boolean checked, String label) {
        return "<label><input type=\"checkbox\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\""
                + (checked ? " checked" : "") + "> " + Html.escape(label) + "</label>";
    }

    /** Values typed into one field: semicolons, commas and white space all separate, since people use all three. */
    static List<String> split(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[;,\\s]+")).filter(part -> !part.isEmpty()).toList();
    }

    static String strip(String text) {
        return text == null ? null : text.strip();
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
