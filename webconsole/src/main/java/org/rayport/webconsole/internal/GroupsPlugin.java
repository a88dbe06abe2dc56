package org.rayport.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.people.Group;
import org.rayport.people.PeopleService;
import org.rayport.people.UnknownPersonException;

/** The groups of the server, which are also chat rooms: list, filter, CSV export, add, edit and delete. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + GroupsPlugin.LABEL,
        "felix.webconsole.title=" + GroupsPlugin.TITLE,
        "felix.webconsole.category=" + RayportPlugin.CATEGORY})
public class GroupsPlugin extends RayportPlugin {

    static final String LABEL = "rayport-groups";
    static final String TITLE = "Groups";

    private final PeopleService people;

    @Activate
    public GroupsPlugin(@Reference PeopleService people) {
        super(LABEL, TITLE);
        this.people = people;
    }

    @Override
    protected String csvFileName() {
        return "rayport-groups.csv";
    }

    @Override
    protected void writeCsv(Appendable out) throws IOException {
        people.writeGroupsCsv(out);
    }

    @Override
    protected String handlePost(String action, HttpServletRequest req) {
        String id = strip(req.getParameter("id"));
        return switch (action) {
            case "add" -> "Added group '" + people.addGroup(group(req, id)).id() + "'";
            case "edit" -> "Saved group '" + people.editGroup(id, group(req, id)).id() + "'";
            case "delete" -> {
                people.removeGroup(id);
                yield "Deleted group '" + id + "'";
            }
            default -> super.handlePost(action, req);
        };
    }

    private static Group group(HttpServletRequest req, String id) {
        return new Group(id, req.getParameter("name"), req.getParameter("enabled") != null,
                new LinkedHashSet<>(split(req.getParameter("members"))),
                new LinkedHashSet<>(split(req.getParameter("chatAdmins"))));
    }

    @Override
    protected void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        String editId = req.getParameter("edit");
        Optional<Group> editing = editId == null || isRetry(req) ? Optional.empty() : people.group(editId);
        String problem = editId != null && !isRetry(req) && editing.isEmpty()
                ? new UnknownPersonException("group", editId).getMessage() : null;
        startPage(out, req, problem);

        List<Group> groups = people.groups(req.getParameter("filter"));
        toolbar(out, req, groups.size() + (groups.size() == 1 ? " group" : " groups"));
        out.println("<table id=\"rayport-groups\" class=\"tablesorter nicetable\">");
        out.println("<thead><tr><th>ID</th><th>Name</th><th>Enabled</th><th>Members</th><th>Chat admins</th>"
                + "<th></th></tr></thead>");
        out.println("<tbody>");
        for (Group group : groups) {
            out.println("<tr data-id=\"" + Html.escape(group.id()) + "\">"
                    + "<td>" + Html.escape(group.id()) + "</td>"
                    + "<td>" + Html.escape(group.name()) + "</td>"
                    + "<td>" + yesNo(group.enabled()) + "</td>"
                    + "<td>" + Html.escape(sorted(group.members())) + "</td>"
                    + "<td>" + Html.escape(sorted(group.chatAdmins())) + "</td>"
                    + "<td>" + rowActions(req, group.id(), "Delete group '" + group.id() + "'?") + "</td></tr>");
        }
        out.println("</tbody></table>");

        renderForm(out, req, formValues(req, editing));
    }

    /** What the form shows: what was just sent if it was refused, the group chosen to edit, or an empty new one. */
    private static GroupForm formValues(HttpServletRequest req, Optional<Group> editing) {
        String action = req.getParameter("action");
        if (isRetry(req) && ("add".equals(action) || "edit".equals(action))) {
            return new GroupForm("edit".equals(action), req.getParameter("id"), req.getParameter("name"),
                    req.getParameter("enabled") != null, req.getParameter("members"), req.getParameter("chatAdmins"));
        }
        return editing.map(group -> new GroupForm(true, group.id(), group.name(), group.enabled(),
                        sorted(group.members()), sorted(group.chatAdmins())))
                .orElseGet(() -> new GroupForm(false, "", "", true, "", ""));
    }

    private void renderForm(PrintWriter out, HttpServletRequest req, GroupForm form) {
        startForm(out, req, "rayport-group-form", form.editing() ? "Edit group '" + form.id() + "'" : "Add group",
                form.editing());
        // The ID names the chat room in clients; the service refuses to change it, so the form does not offer to.
        fieldRow(out, "ID", "rayport-id", input("text", "id", form.id(), form.editing() ? "readonly" : ""));
        fieldRow(out, "Name", "rayport-name", input("text", "name", form.name(), ""));
        fieldRow(out, "Enabled", null, checkbox("enabled", "true", form.enabled(), "yes"));
        fieldRow(out, "Members", "rayport-members",
                input("text", "members", form.members(), "placeholder=\"user IDs: alice; bob\""));
        fieldRow(out, "Chat admins", "rayport-chatAdmins",
                input("text", "chatAdmins", form.chatAdmins(), "placeholder=\"some of the members\""));
        endForm(out, req, form.editing());
    }

    private static String sorted(Collection<String> ids) {
        return String.join("; ", ids.stream().sorted().toList());
    }

    private record GroupForm(boolean editing, String id, String name, boolean enabled, String members,
                             String chatAdmins) {
    }
}
