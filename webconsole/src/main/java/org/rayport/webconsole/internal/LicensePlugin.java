package org.rayport.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.licensing.License;
import org.rayport.licensing.LicenseException;
import org.rayport.licensing.LicenseService;
import org.rayport.licensing.LicenseStatus;

/**
 * About this installation's licence: licensed or evaluation mode and why, days left, modules, the registration key to
 * send to the vendor, and installing a licence file.
 * <p>
 * "Select licence file" reads the file in the browser into the text field of the form, which is sent as an ordinary
 * form, through the same CSRF checks as every other page. A licence is a small text file, and the web console's own
 * multipart parsing is not open to plugins (it keeps Commons FileUpload private); pasting the text works as well,
 * also without JavaScript. The browser sends the text with CR LF line ends, which the licence format allows.
 * <p>
 * Names for tests: table {@code #rayport-license} with {@code tr[data-id]} rows ({@code mode}, {@code registration-key},
 * ...), the field {@code #rayport-registration-key}, the form {@code #rayport-license-form} with the file input
 * {@code #rayport-license-file}, the text field {@code license} and the button {@code #rayport-install}; the remove form
 * {@code #rayport-license-remove}.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + LicensePlugin.LABEL,
        "felix.webconsole.title=" + LicensePlugin.TITLE,
        "felix.webconsole.category=" + RayportPlugin.CATEGORY})
public class LicensePlugin extends RayportPlugin {

    static final String LABEL = "rayport-license";
    static final String TITLE = "About / Licence";

    private final LicenseService licenses;

    @Activate
    public LicensePlugin(@Reference LicenseService licenses) {
        super(LABEL, TITLE);
        this.licenses = licenses;
    }

    @Override
    protected boolean isRefusal(RuntimeException e) {
        return e instanceof LicenseException || super.isRefusal(e);
    }

    @Override
    protected String handlePost(String action, HttpServletRequest req) {
        switch (action) {
            case "install": {
                String text = req.getParameter("license");
                byte[] file = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
                return "Licence installed. " + licenses.install(file).summary();
            }
            case "remove":
                return "Licence removed. " + licenses.remove().summary();
            default:
                return super.handlePost(action, req);
        }
    }

    @Override
    protected void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        startPage(out, req, null);
        LicenseStatus status = licenses.status();
        if (status.expiryWarning() != null) {
            out.println("<div id=\"rayport-warning\" class=\"rayport-box rayport-warning\" role=\"alert\">"
                    + Html.escape(status.expiryWarning()) + "</div>");
        }
        out.println("<p id=\"rayport-license-summary\">" + Html.escape(status.summary()) + "</p>");
        out.println("<table id=\"rayport-license\" class=\"nicetable\"><tbody>");
        row(out, "mode", "Mode", status.licensed() ? "Licensed" : "Evaluation");
        if (status.reason() != null) {
            row(out, "reason", "Reason", status.reason());
        }
        out.println("<tr data-id=\"registration-key\"><th>Registration key</th><td>"
                + "<input type=\"text\" id=\"rayport-registration-key\" readonly size=\"22\" value=\""
                + Html.escape(status.registrationKey()) + "\" onclick=\"this.select()\"> "
                + "<button type=\"button\" id=\"rayport-copy-key\" onclick=\"navigator.clipboard.writeText("
                + "document.getElementById('rayport-registration-key').value)\">Copy</button>"
                + " Send it to the vendor to get a licence for this installation.</td></tr>");
        License license = status.license();
        if (license != null) {
            row(out, "licensee", "Licensee", license.licensee());
            row(out, "license-id", "Licence", license.id());
            row(out, "not-before", "Valid from", LicenseStatus.formatInstant(license.notBefore()));
            row(out, "not-after", "Valid until", LicenseStatus.formatInstant(license.notAfter()));
            row(out, "licensed-modules", "Licensed modules",
                    license.modules().isEmpty() ? "none" : String.join(", ", license.modules()));
        }
        if (status.licensed()) {
            row(out, "days-left", "Days left", Long.toString(status.daysLeft()));
        }
        row(out, "active-modules", "Active modules",
                status.activeModules().isEmpty() ? "none" : String.join(", ", status.activeModules()));
        row(out, "max-devices", "Max. devices", Integer.toString(status.maxDevices()));
        out.println("</tbody></table>");

        String root = Html.escape(pluginRoot(req));
        out.println("<h3>Install a licence</h3>");
        out.println("<form id=\"rayport-license-form\" method=\"post\" action=\"" + root + "\" accept-charset=\"UTF-8\">");
        out.println("<input type=\"hidden\" name=\"action\" value=\"install\">");
        out.println(csrfField(req));
        out.println("<table class=\"rayport-fields\"><tbody>");
        fieldRow(out, "Select licence file", "rayport-license-file",
                "<input type=\"file\" id=\"rayport-license-file\" accept=\".license,.txt,text/plain\""
                        + " onchange=\"var f=this.files[0];if(f){var r=new FileReader();r.onload=function(){"
                        + "document.getElementById('rayport-license-text').value=r.result;};r.readAsText(f);}\">");
        fieldRow(out, "or paste its text", "rayport-license-text",
                "<textarea id=\"rayport-license-text\" name=\"license\" rows=\"8\" cols=\"80\" spellcheck=\"false\">"
                        + (isRetry(req) ? Html.escape(req.getParameter("license")) : "") + "</textarea>");
        out.println("</tbody></table>");
        out.println("<button type=\"submit\" id=\"rayport-install\">Install licence</button>");
        out.println("</form>");
        if (license != null) {
            out.println("<form id=\"rayport-license-remove\" method=\"post\" action=\"" + root + "\""
                    + " data-confirm=\"Remove the licence? Licensed modules stop at once.\""
                    + " onsubmit=\"return confirm(this.dataset.confirm)\">");
            out.println("<input type=\"hidden\" name=\"action\" value=\"remove\">");
            out.println(csrfField(req));
            out.println("<button type=\"submit\" id=\"rayport-remove-license\">Remove licence</button></form>");
        }
    }

    private static void row(PrintWriter out, String id, String label, String value) {
        out.println("<tr data-id=\"" + id + "\"><th>" + Html.escape(label) + "</th><td>" + Html.escape(value)
                + "</td></tr>");
    }
}
