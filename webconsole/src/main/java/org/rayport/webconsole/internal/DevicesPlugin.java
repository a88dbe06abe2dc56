package org.rayport.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.devices.Device;
import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceService;
import org.rayport.devices.DeviceState;
import org.rayport.licensing.DeviceLimitException;
import org.rayport.licensing.LicenseService;

/**
 * The devices users log in from: per user (filter by user ID) or all, with approve, block and delete. The approval
 * policy is a setting of the configuration "Rayport devices" (Configuration page, PID {@code org.rayport.devices}).
 * <p>
 * Names for tests: table {@code #rayport-devices} with {@code tr[data-id="<user>/<device>"]} rows and
 * {@code td.rayport-state}; buttons {@code button.rayport-approve}, {@code button.rayport-block},
 * {@code button.rayport-delete}; the summary {@code #rayport-device-summary}; the filter field {@code user}.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + DevicesPlugin.LABEL,
        "felix.webconsole.title=" + DevicesPlugin.TITLE,
        "felix.webconsole.category=" + RayportPlugin.CATEGORY})
public class DevicesPlugin extends RayportPlugin {

    static final String LABEL = "rayport-devices";
    static final String TITLE = "Devices";

    private final DeviceService devices;
    private final LicenseService licenses;

    @Activate
    public DevicesPlugin(@Reference DeviceService devices, @Reference LicenseService licenses) {
        super(LABEL, TITLE);
        this.devices = devices;
        this.licenses = licenses;
    }

    @Override
    protected boolean isRefusal(RuntimeException e) {
        return e instanceof DeviceException || e instanceof DeviceLimitException || super.isRefusal(e);
    }

    @Override
    protected String handlePost(String action, HttpServletRequest req) {
        String user = strip(req.getParameter("user"));
        String device = strip(req.getParameter("device"));
        switch (action) {
            case "approve":
                return describe(devices.approve(user, device));
            case "block":
                return describe(devices.block(user, device));
            case "delete":
                devices.remove(user, device);
                return "Deleted device '" + device + "' of '" + user + "'; its licence is free";
            default:
                return super.handlePost(action, req);
        }
    }

    private static String describe(Device device) {
        return "Device '" + device.name() + "' of '" + device.userId() + "' is " + device.state().name().toLowerCase();
    }

    @Override
    protected void renderContent(HttpServletRequest req, HttpServletResponse res) throws IOException {
        PrintWriter out = res.getWriter();
        startPage(out, req, null);
        String user = strip(req.getParameter("user"));
        List<Device> list = devices.devices(user == null || user.isEmpty() ? null : user);
        out.println("<p id=\"rayport-device-summary\">" + Html.escape(devices.activeDevices() + " of "
                + licenses.maxDevices() + " device licences in use. Approval policy: " + policyText()) + "</p>");
        String root = Html.escape(pluginRoot(req));
        out.println("<div class=\"rayport-toolbar\"><form id=\"rayport-filter-form\" method=\"get\" action=\"" + root
                + "\" class=\"rayport-inline\" style=\"margin-left:0\"><input type=\"search\" id=\"rayport-filter\""
                + " name=\"user\" placeholder=\"User ID\" value=\"" + Html.escape(user) + "\">"
                + " <button type=\"submit\">Show</button> <a href=\"" + root + "\">All users</a></form> | "
                + list.size() + (list.size() == 1 ? " device" : " devices") + "</div>");
        out.println("<table id=\"rayport-devices\" class=\"tablesorter nicetable\">");
        out.println("<thead><tr><th>User</th><th>Device ID</th><th>Name</th><th>State</th><th>Registered</th>"
                + "<th>Last login</th><th></th></tr></thead><tbody>");
        for (Device device : list) {
            StringBuilder actions = new StringBuilder();
            if (device.state() != DeviceState.APPROVED) {
                actions.append(actionButton(req, "approve", "Approve", "rayport-approve", null,
                        "user", device.userId(), "device", device.deviceId()));
            }
            if (device.state() != DeviceState.BLOCKED) {
                actions.append(actionButton(req, "block", "Block", "rayport-block",
                        "Block device '" + device.name() + "' of '" + device.userId() + "'? It is logged out at once.",
                        "user", device.userId(), "device", device.deviceId()));
            }
            actions.append(actionButton(req, "delete", "Delete", "rayport-delete",
                    "Delete device '" + device.name() + "' of '" + device.userId() + "'?",
                    "user", device.userId(), "device", device.deviceId()));
            out.println("<tr data-id=\"" + Html.escape(device.userId() + "/" + device.deviceId()) + "\">"
                    + "<td>" + Html.escape(device.userId()) + "</td>"
                    + "<td>" + Html.escape(device.deviceId()) + "</td>"
                    + "<td>" + Html.escape(device.name()) + "</td>"
                    + "<td class=\"rayport-state\">" + device.state().name().toLowerCase() + "</td>"
                    + "<td>" + Html.escape(String.valueOf(device.registeredAt())) + "</td>"
                    + "<td>" + Html.escape(String.valueOf(device.lastLoginAt())) + "</td>"
                    + "<td>" + actions + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private String policyText() {
        switch (devices.policy()) {
            case ALL:
                return "all devices are approved automatically";
            case NONE:
                return "an administrator approves every device";
            default:
                return "a user's first device is approved automatically, further ones by an administrator";
        }
    }
}
