package org.rayport.devices.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.commons.codec.binary.Base32;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.devices.Enrolment;
import org.rayport.devices.TwoFactorException;
import org.rayport.devices.TwoFactorState;
import org.rayport.testing.TestDatabase;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Enrolment, confirmation, codes used once, reset; secrets encrypted in the database. On H2 and PostgreSQL. */
@RunWith(Parameterized.class)
public class JpaTwoFactorServiceTest {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DevicesTestServer server;
    private JpaTwoFactorService twoFactor;

    @Before
    public void start() throws Exception {
        server = new DevicesTestServer(database, temp.getRoot().toPath());
        server.withUsers("ann", "bob");
        twoFactor = server.twoFactor;
    }

    @After
    public void stop() throws Exception {
        if (server != null) {   // null when the database was not available and the test was skipped
            server.close();
        }
    }

    /** What the authenticator app shows now for the secret of an enrolment. */
    private String appCode(Enrolment enrolment, Duration offset) {
        byte[] key = new Base32().decode(enrolment.secretBase32());
        return Totp.code(key, Totp.step(server.clock.instant().plus(offset)), 6);
    }

    private String appCode(Enrolment enrolment) {
        return appCode(enrolment, Duration.ZERO);
    }

    private Enrolment enrolled(String user) {
        Enrolment enrolment = twoFactor.enrol(user);
        twoFactor.confirm(user, appCode(enrolment));
        server.clock.advance(Duration.ofSeconds(30));
        return enrolment;
    }

    @Test
    public void theEnrolmentUriIsWhatAuthenticatorAppsReadAndTheQrCodeHoldsIt() throws Exception {
        Enrolment enrolment = twoFactor.enrol("ann");

        URI uri = URI.create(enrolment.otpauthUri());
        assertEquals("otpauth", uri.getScheme());
        assertEquals("totp", uri.getHost());
        assertEquals("/Rayport:ann", uri.getPath());
        assertEquals("secret=" + enrolment.secretBase32() + "&issuer=Rayport&algorithm=SHA1&digits=6&period=30",
                uri.getQuery());
        assertTrue(enrolment.secretBase32(), enrolment.secretBase32().matches("[A-Z2-7]{32}"));

        assertEquals(enrolment.otpauthUri(), decodeQrCode(enrolment.qrCodePng()));
        for (int i = 0; i < 20; i++) {
            Enrolment another = twoFactor.enrol("bob");
            assertEquals("every secret makes another code", another.otpauthUri(), decodeQrCode(another.qrCodePng()));
        }
        assertEquals(TwoFactorState.ENROLLING, twoFactor.state("ann"));
        assertFalse("not toString", enrolment.toString().contains(enrolment.secretBase32()));
    }

    private static String decodeQrCode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    @Test
    public void aConfirmedEnrolmentSwitchesItOnAndCodesAreAcceptedOnce() {
        Enrolment enrolment = twoFactor.enrol("ann");
        assertFalse("before confirmation no code counts", twoFactor.verify("ann", appCode(enrolment)));
        TwoFactorException wrong = assertThrows(TwoFactorException.class, () -> twoFactor.confirm("ann", "000000"
                .equals(appCode(enrolment)) ? "111111" : "000000"));
        assertEquals(TwoFactorException.Kind.WRONG_CODE, wrong.kind());

        twoFactor.confirm("ann", appCode(enrolment));
        assertEquals(TwoFactorState.ACTIVE, twoFactor.state("ann"));
        assertFalse("the confirming code is used up", twoFactor.verify("ann", appCode(enrolment)));

        server.clock.advance(Duration.ofSeconds(30));
        String code = appCode(enrolment);
        assertTrue(twoFactor.verify("ann", code));
        assertFalse("replayed", twoFactor.verify("ann", code));
        server.clock.advance(Duration.ofSeconds(10));
        assertFalse("replayed within the tolerance window", twoFactor.verify("ann", code));
    }

    @Test
    public void oneStepEarlyOrLateIsAcceptedTwoAreNot() {
        Enrolment enrolment = enrolled("ann");
        // Two steps after the confirming code's, so that the step before the current one is still unused.
        server.clock.advance(Duration.ofSeconds(30));
        assertFalse(twoFactor.verify("ann", appCode(enrolment, Duration.ofSeconds(-60))));
        assertTrue(twoFactor.verify("ann", appCode(enrolment, Duration.ofSeconds(-30))));
        assertFalse("an earlier step than an accepted one is refused",
                twoFactor.verify("ann", appCode(enrolment, Duration.ofSeconds(-60))));
        assertFalse(twoFactor.verify("ann", appCode(enrolment, Duration.ofSeconds(60))));
        assertTrue(twoFactor.verify("ann", appCode(enrolment, Duration.ofSeconds(30))));
        assertFalse("the step after the next was the last one accepted",
                twoFactor.verify("ann", appCode(enrolment)));
    }

    @Test
    public void anActiveSecondFactorCannotBeReplacedOnlyResetByAnAdministrator() {
        Enrolment first = enrolled("ann");
        TwoFactorException again = assertThrows(TwoFactorException.class, () -> twoFactor.enrol("ann"));
        assertEquals(TwoFactorException.Kind.ALREADY_ACTIVE, again.kind());
        assertThrows(TwoFactorException.class, () -> twoFactor.confirm("ann", appCode(first)));

        twoFactor.reset("ann");
        assertEquals(TwoFactorState.OFF, twoFactor.state("ann"));
        assertFalse(twoFactor.verify("ann", appCode(first)));
        Enrolment second = twoFactor.enrol("ann");
        assertFalse(second.secretBase32().equals(first.secretBase32()));
        twoFactor.confirm("ann", appCode(second));
        assertEquals(TwoFactorState.ACTIVE, twoFactor.state("ann"));
        assertEquals("others are untouched", TwoFactorState.OFF, twoFactor.state("bob"));
    }

    @Test
    public void aNewEnrolmentReplacesOneNotYetConfirmed() {
        Enrolment abandoned = twoFactor.enrol("ann");
        Enrolment current = twoFactor.enrol("ann");
        String abandonedCode = appCode(abandoned);
        if (!abandonedCode.equals(appCode(current))) {
            assertThrows(TwoFactorException.class, () -> twoFactor.confirm("ann", abandonedCode));
        }
        twoFactor.confirm("ann", appCode(current));
        assertEquals(TwoFactorState.ACTIVE, twoFactor.state("ann"));
    }

    @Test
    public void theDatabaseHoldsTheSecretOnlyEncryptedAndItNeedsTheKeyFile() throws Exception {
        Enrolment enrolment = enrolled("ann");
        byte[] secret = new Base32().decode(enrolment.secretBase32());
        String stored;
        try (Connection connection = server.dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT secret FROM rp_two_factor WHERE user_id = 'ann'")) {
            assertTrue(row.next());
            stored = row.getString(1);
        }
        assertTrue(stored, stored.startsWith("v1:"));
        assertFalse(stored.contains(enrolment.secretBase32()));
        assertFalse(stored.contains(java.util.Base64.getEncoder().encodeToString(secret)));
        assertArrayEquals(secret, SecretBox.withKeyFile(server.keyFile).decrypt(stored, "ann"));

        JpaTwoFactorService withAnotherKey = new JpaTwoFactorService(server.db,
                SecretBox.withKeyFile(temp.newFolder("other").toPath().resolve("key")), server.clock);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> withAnotherKey.verify("ann", appCode(enrolment)));
        assertTrue(refused.getMessage(), refused.getMessage().contains("does not decrypt"));
    }

    @Test
    public void unknownUsersHaveItOff() {
        assertEquals(TwoFactorState.OFF, twoFactor.state("nobody"));
        assertEquals(TwoFactorState.OFF, twoFactor.state(null));
        assertFalse(twoFactor.verify("nobody", "123456"));
        assertThrows(TwoFactorException.class, () -> twoFactor.confirm("nobody", "123456"));
    }
}
