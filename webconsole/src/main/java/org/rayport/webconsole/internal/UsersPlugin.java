package org.rayport.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.devices.TwoFactorService;
import org.rayport.devices.TwoFactorState;
import org.rayport.people.PeopleService;
import org.rayport.people.Role;
import org.rayport.people.UnknownPersonException;
import org.rayport.people.User;
import org.rayport.people.UserDraft;

/**
 * The users of the server: list, filter, CSV export, add, edit and delete; the state of each one's two-factor
 * authentication with "Reset 2FA" ({@code button.rayport-reset-two-factor}, in {@code td.rayport-two-factor}).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + UsersPlugin.LABEL,
        "felix.webconsole.title=" + UsersPlugin.TITLE,
        "felix.webconsole.category=" + RayportPlugin.CATEGORY})
public class UsersPlugin extends RayportPlugin {

    static final String LABEL = "rayport-users";
    static final String TITLE = "Users";

    private final PeopleService people;
    private final TwoFactorService twoFactor;

    @Activate
    public UsersPlugin(@Reference PeopleService people, @Reference TwoFactorService twoFactor) {
        super(LABEL, TITLE);
        this.people = people;
        this.twoFactor = twoFactor;
    }

    @Override
    protected String csvFileName() {
        return "rayport-users.csv";
    }

    @Override
    protected void writeCsv(Appendable out) throws IOException {
        people.writeUsersCsv(out);
    }

    @Override
    protected String handlePost(String action, HttpServletRequest req) {
        String id = strip(req.getParameter("id"));
        return switch (action) {
            case "add" -> "Added user '" + people.addUser(draft(req, id, req.getParameter("password"), Map.of())).id()
                    + "'";
            case "edit" -> {
                // The form does not show the options that clients keep per user; they must survive an edit.
                User current = people.user(id).orElseThrow(() -> new UnknownPersonException("user", id));
                String password = req.getParameter("password");
                String newPassword = password == null || password.isEmpty() ? null : password;
                yield "Saved user '" + people.editUser(id, draft(req, id, newPassword, current.options())).id() + "'";
            }
            case "delete" -> {
                people.removeUser(id);
                yield "Deleted user '" + id + "'";
            }
            case "reset-two-factor" -> {
                people.user(id).orElseThrow(() -> new UnknownPersonException("user", id));
                twoFactor.reset(id);
                yield "Two-factor authentication of '" + id + "' is off; the user logs in with the password only"
                        + " and may enrol again";
            }
            default -> super.handlePost(action, req);
        };
    }

    /** {@code password} null keeps the current one when editing; a missing one when adding is for the service to refuse. */
    private static UserDraft draft(HttpServletRequest req, String id, String password, Map<String, String> options) {
        return new UserDraft(id, req.getParameter("name"), password, req.getParameter("enabled") != null,
                split(req.getParameter("mail")), roles(req.getParameterValues("roles")), options);
    }

    private static Set<Role> roles(String[] wireNames) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (wireNames != null) {
            for (String name : wireNames) {
                roles.add(Role.fromWireName(name));
            }
        }
        return roles;
    }

    @Override
    protected void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        String editId = req.getParameter("edit");
        Optional<User> editing = editId == null || isRetry(req) ? Optional.empty() : people.user(editId);
        String problem = editId != null && !isRetry(req) && editing.isEmpty()
                ? new UnknownPersonException("user", editId).getMessage() : null;
        startPage(out, req, problem);

        String filter = req.getParameter("filter");
        List<User> users = people.users(filter);
        toolbar(out, req, users.size() + (users.size() == 1 ? " user" : " users"));
        out.println("<table id=\"rayport-users\" class=\"tablesorter nicetable\">");
        out.println("<thead><tr><th>ID</th><th>Name</th><th>Enabled</th><th>Roles</th><th>Mail</th>"
                + "<th>Must change password</th><th>2FA</th><th></th></tr></thead>");
        out.println("<tbody>");
        for (User user : users) {
            out.println("<tr data-id=\"" + Html.escape(user.id()) + "\">"
                    + "<td>" + Html.escape(user.id()) + "</td>"
                    + "<td>" + Html.escape(user.name()) + "</td>"
                    + "<td>" + yesNo(user.enabled()) + "</td>"
                    + "<td>" + Html.escape(wireNames(user.roles())) + "</td>"
                    + "<td>" + Html.escape(String.join("; ", user.mail())) + "</td>"
                    + "<td>" + yesNo(user.mustChangePassword()) + "</td>"
                    + "<td class=\"rayport-two-factor\">" + twoFactorCell(req, user.id()) + "</td>"
                    + "<td>" + rowActions(req, user.id(), "Delete user '" + user.id() + "'?") + "</td></tr>");
        }
        out.println("</tbody></table>");

        renderForm(out, req, formValues(req, editing));
    }

    /** What the form shows: what was just sent if it was refused, the user chosen to edit, or defaults for a new one. */
    private static UserForm formValues(HttpServletRequest req, Optional<User> editing) {
        String action = req.getParameter("action");
        if (isRetry(req) && ("add".equals(action) || "edit".equals(action))) {
            String[] roles = req.getParameterValues("roles");
            return new UserForm("edit".equals(action), req.getParameter("id"), req.getParameter("name"),
                    req.getParameter("mail"), roles == null ? Set.of() : Set.copyOf(Arrays.asList(roles)),
                    req.getParameter("enabled") != null);
        }
        return editing.map(user -> new UserForm(true, user.id(), user.name(), String.join("; ", user.mail()),
                        user.roles().stream().map(Role::wireName).collect(Collectors.toSet()), user.enabled()))
                .orElseGet(() -> new UserForm(false, "", "", "", Set.of(Role.USER.wireName()), true));
    }

    private void renderForm(PrintWriter out, HttpServletRequest req, UserForm form) {
        startForm(out, req, "rayport-user-form", form.editing() ? "Edit user '" + form.id() + "'" : "Add user",
                form.editing());
        // The ID names the user everywhere; the service refuses to change it, so the form does not offer to.
        fieldRow(out, "ID", "rayport-id", input("text", "id", form.id(), form.editing() ? "readonly" : ""));
        fieldRow(out, "Name", "rayport-name", input("text", "name", form.name(), ""));
        fieldRow(out, "Password", "rayport-password", input("password", "password", "",
                "autocomplete=\"new-password\"" + (form.editing() ? " placeholder=\"unchanged when empty\"" : "")));
        fieldRow(out, "Mail", "rayport-mail",
                input("text", "mail", form.mail(), "placeholder=\"name@example.org; other@example.org\""));
        StringBuilder roles = new StringBuilder();
        for (Role role : Role.values()) {
            roles.append(checkbox("roles", role.wireName(), form.roles().contains(role.wireName()), role.wireName()))
                    .append(' ');
        }
        fieldRow(out, "Roles", null, roles.toString().strip());
        fieldRow(out, "Enabled", null, checkbox("enabled", "true", form.enabled(), "yes"));
        endForm(out, req, form.editing());
    }

    /** The state, and "Reset 2FA" (e.g. after a lost phone) where there is something to reset. */
    private String twoFactorCell(HttpServletRequest req, String id) {
        TwoFactorState state = twoFactor.state(id);
        String text = state.name().toLowerCase();
        if (state == TwoFactorState.OFF) {
            return text;
        }
        return text + " " + actionButton(req, "reset-two-factor", "Reset 2FA", "rayport-reset-two-factor",
                "Switch off the two-factor authentication of '" + id + "'?", "id", id);
    }

    private static String wireNames(Set<Role> roles) {
        return roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(", "));
    }

    private record UserForm(boolean editing, String id, String name, String mail, Set<String> roles,
                            boolean enabled) {
    }
}
