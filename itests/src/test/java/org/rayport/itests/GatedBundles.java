package org.rayport.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.rayport.itests.gated.GatedMarker;

/**
 * Real bundles that stand for features sold as modules, made at test time since no such feature exists yet: one
 * Declarative Services component each, with a mandatory reference to {@code LicensedModule} with the target
 * {@code (module=X)}, exactly as a gated feature declares it, registering a {@link GatedMarker} service with the
 * property {@value #MARKER_PROPERTY}{@code =X} while it is satisfied.
 * <p>
 * The jar is written with java.util.jar rather than TinyBundles: these tests run inside the container, where
 * TinyBundles and its bnd dependency would have to be provisioned first, for one class, a manifest and an XML file.
 */
final class GatedBundles {

    static final String MARKER_PROPERTY = "rayport.itest.gated";

    private GatedBundles() {
    }

    static Bundle install(BundleContext context, String module) throws IOException, BundleException {
        Bundle bundle = context.installBundle("rayport-itest:gated-" + module, new ByteArrayInputStream(jar(module)));
        bundle.start();
        return bundle;
    }

    static byte[] jar(String module) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "rayport-itest-gated-" + module);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "org.rayport.licensing;version=\"[1.0,2)\"");
        main.putValue("Service-Component", "OSGI-INF/gated.xml");
        String className = GatedMarker.class.getName();
        String component = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"rayport.itest.gated."
                + module + "\">\n"
                + "  <implementation class=\"" + className + "\"/>\n"
                + "  <service><provide interface=\"" + className + "\"/></service>\n"
                + "  <property name=\"" + MARKER_PROPERTY + "\" value=\"" + module + "\"/>\n"
                + "  <reference name=\"module\" interface=\"org.rayport.licensing.LicensedModule\""
                + " cardinality=\"1..1\" policy=\"static\" target=\"(module=" + module + ")\"/>\n"
                + "</scr:component>\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/gated.xml"));
            jar.write(component.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            String classFile = className.replace('.', '/') + ".class";
            try (InputStream in = GatedMarker.class.getClassLoader().getResourceAsStream(classFile)) {
                if (in == null) {
                    throw new IOException("Cannot read " + classFile);
                }
                jar.putNextEntry(new JarEntry(classFile));
                in.transferTo(jar);
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
