package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.junit.Before;
import org.junit.Rule;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots the real Rayport distribution once per test class, with its own data directory and free ports, and runs the
 * test methods inside it. Tests speak to the server as clients do: HTTP on {@link #httpPort()}, SSH on
 * {@link #sshPort()}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class RayportTestSupport {

    static final String ADMIN_PASSWORD = "Itest-Admin-Pass-1";

    /** Waits until every boot feature is installed, so that no test races the start. */
    @Inject
    @Filter(timeout = 180_000)
    protected BootFinished bootFinished;

    @Inject
    protected BundleContext bundleContext;

    @Rule
    public final ServerDiagnostics diagnostics = new ServerDiagnostics();

    @Configuration
    public Option[] config() throws IOException {
        String distribution = System.getProperty("rayport.distribution");
        Path home = Files.createTempDirectory("rayport-itest-home-");
        return new Option[] {
            when(Boolean.getBoolean("rayport.itest.keep")).useOptions(keepRuntimeFolder()),
            karafDistributionConfiguration()
                    .frameworkUrl(new File(distribution).toURI().toString())
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            systemProperty("rayport.home").value(home.toString()),
            systemProperty("rayport.http.port").value(Integer.toString(FreePorts.next())),
            systemProperty("rayport.ssh.port").value(Integer.toString(FreePorts.next())),
            systemProperty("rayport.ssh.host").value("127.0.0.1"),
            // The default pool's DICOM port, as RAYPORT_DICOM_PORT sets it: never the well-known 11112 of a real server.
            systemProperty("rayport.dicom.port").value(Integer.toString(FreePorts.next())),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
            // What bin/karaf adds on Java 9+ and Pax Exam 4.14 does not.
            vmOptions(
                    "-Djdk.util.zip.disableZip64ExtraFieldValidation=true",
                    "--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
                    "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                    "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
        };
    }

    /**
     * Boot ends when the features are installed; the components behind the API activate a moment later (the schema
     * migration runs first). Every test starts once login and user administration answer.
     */
    @Before
    public void awaitTheApi() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!apiReady()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The REST API did not come up within 120 s");
            }
            Thread.sleep(200);
        }
    }

    private boolean apiReady() {
        if (!jsonLoadable()) {
            return false;
        }
        try {
            Api.Reply document = api().get("/api/v1/openapi.json", null);
            if (document.status() != 200) {
                return false;
            }
            var paths = document.json().get("paths");
            if (!settled) {
                // Once per class, after boot: until every feature's resources have arrived, the whiteboard keeps
                // rebuilding its application, and requests meanwhile get 404. Later tests may stop bundles on purpose.
                settled = Api.ONE_PATH_PER_FEATURE.stream().allMatch(paths::has);
                return settled;
            }
            return paths.has("/api/v1/auth/login") && paths.has("/api/v1/admin/users");
        } catch (AssertionError notYetListening) {
            return false;
        }
    }

    /**
     * Whether the probe can load Jackson yet. Once a CI run found it missing right after boot (a dynamic import made
     * while the bundle was being refreshed); touching {@link Api} then would fail its static initialiser, and with it
     * every test of the class. A failed dynamic import is tried again at the next load, so waiting heals it.
     */
    private boolean jsonLoadable() {
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException notYet) {
            return false;
        }
    }

    protected int httpPort() {
        return Integer.getInteger("rayport.http.port");
    }

    protected int sshPort() {
        return Integer.getInteger("rayport.ssh.port");
    }

    protected Path home() {
        return Path.of(System.getProperty("rayport.home"));
    }

    protected Api api() {
        return new Api(httpPort());
    }

    /** Whether every feature's endpoints have been served once since this class's server booted. */
    private static boolean settled;

    /** The generated first password of this class's server, once the first login has replaced it. */
    protected static String replacedInitialPassword;

    /**
     * The administrator's token. The first call of a test class performs, and checks, the first login of a new
     * server: the generated password works once, everything but the password change answers 403, and the file
     * holding it is gone afterwards. Later calls log in with the new password.
     */
    protected String adminToken() throws IOException {
        Path passwordFile = home().resolve("initial-admin-password");
        if (!Files.exists(passwordFile)) {
            return api().login("admin", ADMIN_PASSWORD);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        String initial = Files.readString(passwordFile).strip();
        Api.Reply login = api().post("/api/v1/auth/login", null, Api.json("username", "admin", "password", initial));
        assertEquals(login.body(), 200, login.status());
        assertTrue(login.json().get("mustChangePassword").asBoolean());
        String token = login.json().get("token").asText();
        Api.Reply blocked = api().get("/api/v1/admin/users", token);
        assertEquals(403, blocked.status());
        assertTrue(blocked.body(), blocked.json().get("error").asText().contains("password must be changed"));
        Api.Reply change = api().post("/api/v1/auth/password", token,
                Api.json("oldPassword", initial, "newPassword", ADMIN_PASSWORD));
        assertEquals(change.body(), 204, change.status());
        assertFalse("the generated password is removed once changed", Files.exists(passwordFile));
        replacedInitialPassword = initial;
        return token;
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("No bundle " + symbolicName);
    }
}
